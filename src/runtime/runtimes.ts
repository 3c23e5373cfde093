import type { ModelFormat } from '../core/signature.ts';
import { lightgbmRuntime } from './lightgbm/lightgbm-runtime.ts';
import type { ModelRuntime } from './model-runtime.ts';
import { onnxRuntime } from './onnx/onnx-runtime.ts';
import { xgboostRuntime } from './xgboost/xgboost-runtime.ts';

/** Every runtime Ballast ships, by format. None of them executes code from the artifact. */
export const RUNTIMES: Readonly<Record<ModelFormat, ModelRuntime>> = {
  onnx: onnxRuntime,
  xgboost: xgboostRuntime,
  lightgbm: lightgbmRuntime,
};
