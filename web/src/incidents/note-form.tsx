import { useState } from 'preact/hooks';

/** Adds a note to the timeline; the text is kept when the server refuses it, so nothing typed is lost. */
export function NoteForm({ busy, onNote }: { busy: boolean; onNote: (text: string) => Promise<boolean> }) {
  const [text, setText] = useState('');
  return (
    <form
      class="note-form"
      onSubmit={(event) => {
        event.preventDefault();
        const note = text.trim();
        if (note === '') return;
        void onNote(note).then((saved) => {
          if (saved) setText('');
        });
      }}
    >
      <label for="incident-note">Add a note</label>
      <textarea id="incident-note" rows={3} value={text} onInput={(event) => setText(event.currentTarget.value)} />
      <button type="submit" class="button" disabled={busy || text.trim() === ''}>
        Add note
      </button>
    </form>
  );
}
