/**
 * The CEL packages, loaded on first use. Importing them costs every run about 0.2 s at start-up, and only an
 * input whose CRDs carry `x-kubernetes-validations` needs them. Validation is synchronous, so the packages'
 * CommonJS builds are required (Node 20 cannot `require` an ES module); the types are the same.
 */
import { createRequire } from 'node:module';
import type * as Cel from '@bufbuild/cel';
import type * as CelExt from '@bufbuild/cel/ext';
import type * as Protobuf from '@bufbuild/protobuf';
import type * as ProtobufWkt from '@bufbuild/protobuf/wkt';
import type * as Re2 from '@bufbuild/re2';

export interface CelRuntime {
  readonly cel: typeof Cel;
  readonly ext: typeof CelExt;
  readonly protobuf: typeof Protobuf;
  readonly wkt: typeof ProtobufWkt;
  readonly re2: typeof Re2;
}

let runtime: CelRuntime | undefined;

export function celRuntime(): CelRuntime {
  if (runtime === undefined) {
    const require = createRequire(import.meta.url);
    runtime = {
      cel: require('@bufbuild/cel') as typeof Cel,
      ext: require('@bufbuild/cel/ext') as typeof CelExt,
      protobuf: require('@bufbuild/protobuf') as typeof Protobuf,
      wkt: require('@bufbuild/protobuf/wkt') as typeof ProtobufWkt,
      re2: require('@bufbuild/re2') as typeof Re2,
    };
  }
  return runtime;
}
