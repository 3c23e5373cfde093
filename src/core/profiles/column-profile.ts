import { CategoricalProfile, type CategoricalProfileState } from './categorical-profile.ts';
import { NumericProfile, type NumericProfileState } from './numeric-profile.ts';
import type { ColumnSchema } from './profile-schema.ts';

export type ColumnProfileState = NumericProfileState | CategoricalProfileState;

export type ColumnProfile = NumericProfile | CategoricalProfile;

export function emptyColumnProfile(schema: ColumnSchema): ColumnProfile {
  return schema.kind === 'numeric' ? new NumericProfile(schema) : new CategoricalProfile(schema);
}

export function columnProfileFromJSON(state: ColumnProfileState): ColumnProfile {
  return state.kind === 'numeric' ? NumericProfile.fromJSON(state) : CategoricalProfile.fromJSON(state);
}
