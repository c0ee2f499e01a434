/**
 * One translation per supported OpenVINO IR operation into ONNX nodes (opset 13). Anything else is refused
 * by the converter before translation starts.
 * @module
 */
import type { IrLayer } from './ir-graph.js';
import {
  OnnxAttributeType,
  OnnxDataType,
  type OnnxAttribute,
  type OnnxNode,
  type OnnxTensor,
} from './onnx-schema.js';

/** What a translation may add to the ONNX graph. */
export interface GraphBuilder {
  node(opType: string, input: string[], output: string[], attribute?: OnnxAttribute[]): void;
  initializer(tensor: OnnxTensor): void;
  /** A fresh tensor name derived from a layer's. */
  tensorName(layer: IrLayer, suffix: string): string;
  /** Bytes of a Const layer's data in the `.bin` file. */
  weights(offset: number, size: number, layer: IrLayer): Uint8Array;
}

export interface Translation {
  layer: IrLayer;
  /** ONNX tensor names of the layer's inputs, by input port order. */
  inputs: string[];
  /** ONNX tensor names to produce, by output port order. */
  outputs: string[];
  builder: GraphBuilder;
}

const IR_ELEMENT_TYPES: Readonly<Record<string, { onnx: number; bytes: number }>> = {
  f32: { onnx: OnnxDataType.FLOAT, bytes: 4 },
  f16: { onnx: OnnxDataType.FLOAT16, bytes: 2 },
  i64: { onnx: OnnxDataType.INT64, bytes: 8 },
  i32: { onnx: OnnxDataType.INT32, bytes: 4 },
  i8: { onnx: OnnxDataType.INT8, bytes: 1 },
  u8: { onnx: OnnxDataType.UINT8, bytes: 1 },
};

function elementType(name: string | undefined, layer: IrLayer) {
  const type = IR_ELEMENT_TYPES[name ?? ''];
  if (!type) {
    throw new Error(`OpenVINO IR: layer ${layer.name} (${layer.type}) has unsupported element type ${name}`);
  }
  return type;
}

/** `"1, 3, 1, 1"` → `[1, 3, 1, 1]`; `""` → `[]` (a scalar). */
export function intList(value: string | undefined, what: string, layer: IrLayer): number[] {
  if (value === undefined) throw new Error(`OpenVINO IR: layer ${layer.name} (${layer.type}) has no ${what}`);
  if (value.trim() === '') return [];
  return value.split(',').map((part) => {
    const n = Number(part.trim());
    if (!Number.isInteger(n)) {
      throw new Error(`OpenVINO IR: layer ${layer.name} (${layer.type}) has a bad ${what} "${value}"`);
    }
    return n;
  });
}

const ints = (name: string, values: number[]): OnnxAttribute => ({
  name,
  type: OnnxAttributeType.INTS,
  ints: values,
});
const int = (name: string, value: number): OnnxAttribute => ({ name, type: OnnxAttributeType.INT, i: value });
const string = (name: string, value: string): OnnxAttribute => ({
  name,
  type: OnnxAttributeType.STRING,
  s: new TextEncoder().encode(value),
});

/** Padding attributes shared by convolutions and pooling: explicit pads, or ONNX's auto_pad. */
function paddingAttributes(layer: IrLayer): OnnxAttribute[] {
  const autoPad = layer.data['auto_pad'] ?? 'explicit';
  const modes: Record<string, string> = {
    valid: 'VALID',
    same_upper: 'SAME_UPPER',
    same_lower: 'SAME_LOWER',
  };
  if (autoPad === 'explicit' || autoPad === 'notset') {
    const begin = intList(layer.data['pads_begin'], 'pads_begin', layer);
    const end = intList(layer.data['pads_end'], 'pads_end', layer);
    return [ints('pads', [...begin, ...end])];
  }
  const mode = modes[autoPad];
  if (!mode) throw new Error(`OpenVINO IR: layer ${layer.name} has unsupported auto_pad ${autoPad}`);
  return [string('auto_pad', mode)];
}

function spatialAttributes(layer: IrLayer): OnnxAttribute[] {
  return [
    ints('strides', intList(layer.data['strides'], 'strides', layer)),
    ints('dilations', intList(layer.data['dilations'], 'dilations', layer)),
    ...paddingAttributes(layer),
  ];
}

/** A constant int64 shape tensor for Reshape. */
function shapeInitializer(builder: GraphBuilder, layer: IrLayer, shape: number[]): string {
  const name = builder.tensorName(layer, 'shape');
  const raw = new Uint8Array(shape.length * 8);
  const view = new DataView(raw.buffer);
  shape.forEach((value, i) => view.setBigInt64(i * 8, BigInt(value), true));
  builder.initializer({ name, dims: [shape.length], dataType: OnnxDataType.INT64, rawData: raw });
  return name;
}

function reshaped(builder: GraphBuilder, layer: IrLayer, input: string, shape: number[]): string {
  const output = builder.tensorName(layer, 'reshaped');
  builder.node('Reshape', [input, shapeInitializer(builder, layer, shape)], [output]);
  return output;
}

function checkBroadcast(layer: IrLayer): void {
  const mode = layer.data['auto_broadcast'] ?? 'numpy';
  if (mode !== 'numpy' && mode !== 'none') {
    throw new Error(`OpenVINO IR: layer ${layer.name} (${layer.type}) uses auto_broadcast ${mode}`);
  }
}

const port = (list: string[], index: number, layer: IrLayer): string => {
  const name = list[index];
  if (name === undefined) {
    throw new Error(`OpenVINO IR: layer ${layer.name} (${layer.type}) lacks port ${index}`);
  }
  return name;
};

type Translate = (t: Translation) => void;

/** The supported operations (Parameter and Result are the graph's inputs and outputs, handled by the converter). */
export const IR_OPERATIONS: Readonly<Record<string, Translate>> = {
  Const({ layer, outputs, builder }) {
    const type = elementType(layer.data['element_type'], layer);
    const dims = intList(layer.data['shape'], 'shape', layer);
    const offset = Number(layer.data['offset']);
    const size = Number(layer.data['size']);
    const expected = dims.reduce((a, b) => a * b, 1) * type.bytes;
    if (size !== expected) {
      throw new Error(
        `OpenVINO IR: Const ${layer.name} has ${size} bytes for shape [${dims.join(', ')}] (expected ${expected})`,
      );
    }
    builder.initializer({
      name: port(outputs, 0, layer),
      dims,
      dataType: type.onnx,
      rawData: builder.weights(offset, size, layer),
    });
  },
  Convert({ layer, inputs, outputs, builder }) {
    const to = elementType(layer.data['destination_type'], layer).onnx;
    builder.node('Cast', [port(inputs, 0, layer)], [port(outputs, 0, layer)], [int('to', to)]);
  },
  Convolution({ layer, inputs, outputs, builder }) {
    const kernel = layer.inputs[1]?.dims.slice(2) ?? [];
    builder.node(
      'Conv',
      [port(inputs, 0, layer), port(inputs, 1, layer)],
      [port(outputs, 0, layer)],
      [ints('kernel_shape', kernel), ...spatialAttributes(layer)],
    );
  },
  GroupConvolution({ layer, inputs, outputs, builder }) {
    // IR weights are [groups, out/groups, in/groups, kH, kW]; ONNX wants [out, in/groups, kH, kW].
    const [groups, outPerGroup, ...rest] = layer.inputs[1]?.dims ?? [];
    if (groups === undefined || outPerGroup === undefined || rest.length < 2) {
      throw new Error(`OpenVINO IR: GroupConvolution ${layer.name} has no grouped weight shape`);
    }
    const weights = reshaped(builder, layer, port(inputs, 1, layer), [groups * outPerGroup, ...rest]);
    builder.node(
      'Conv',
      [port(inputs, 0, layer), weights],
      [port(outputs, 0, layer)],
      [int('group', groups), ints('kernel_shape', rest.slice(1)), ...spatialAttributes(layer)],
    );
  },
  Add({ layer, inputs, outputs, builder }) {
    checkBroadcast(layer);
    builder.node('Add', [port(inputs, 0, layer), port(inputs, 1, layer)], [port(outputs, 0, layer)]);
  },
  Multiply({ layer, inputs, outputs, builder }) {
    checkBroadcast(layer);
    builder.node('Mul', [port(inputs, 0, layer), port(inputs, 1, layer)], [port(outputs, 0, layer)]);
  },
  PReLU({ layer, inputs, outputs, builder }) {
    // A 1-D slope of C values applies along the channel axis (IR rule); ONNX broadcasts from the last axis.
    const dataRank = layer.inputs[0]?.dims.length ?? 0;
    const slopeDims = layer.inputs[1]?.dims ?? [];
    let slope = port(inputs, 1, layer);
    const channels = slopeDims[0] ?? 1;
    if (slopeDims.length === 1 && channels > 1 && dataRank > 2) {
      slope = reshaped(builder, layer, slope, [channels, ...Array<number>(dataRank - 2).fill(1)]);
    }
    builder.node('PRelu', [port(inputs, 0, layer), slope], [port(outputs, 0, layer)]);
  },
  Sigmoid({ layer, inputs, outputs, builder }) {
    builder.node('Sigmoid', [port(inputs, 0, layer)], [port(outputs, 0, layer)]);
  },
  AvgPool({ layer, inputs, outputs, builder }) {
    const rounding = layer.data['rounding_type'] ?? 'floor';
    if (rounding !== 'floor' && rounding !== 'ceil') {
      throw new Error(`OpenVINO IR: AvgPool ${layer.name} has unsupported rounding_type ${rounding}`);
    }
    builder.node(
      'AveragePool',
      [port(inputs, 0, layer)],
      [port(outputs, 0, layer)],
      [
        ints('kernel_shape', intList(layer.data['kernel'], 'kernel', layer)),
        ints('strides', intList(layer.data['strides'], 'strides', layer)),
        ...paddingAttributes(layer),
        int('count_include_pad', layer.data['exclude-pad'] === 'true' ? 0 : 1),
        int('ceil_mode', rounding === 'ceil' ? 1 : 0),
      ],
    );
  },
};

export type { OnnxNode };
