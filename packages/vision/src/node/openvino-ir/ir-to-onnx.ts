/**
 * Converts an OpenVINO IR (v10/v11 `.xml` + `.bin`) of a plain convolutional network into an ONNX model,
 * in TypeScript: no Python, no native toolchain. Weights keep their stored precision (FP16 constants stay
 * FP16 and are cast to FP32 in the graph, exactly as the IR's Const + Convert pairs do).
 * @module
 */
import { parseIrXml, type IrLayer } from './ir-graph.js';
import { IR_OPERATIONS, intList, type GraphBuilder } from './ir-operations.js';
import {
  encodeOnnxModel,
  OnnxDataType,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
} from './onnx-schema.js';

/** The operations the converter translates (besides the graph's Parameter and Result). */
export const SUPPORTED_IR_OPERATIONS = ['Parameter', 'Result', ...Object.keys(IR_OPERATIONS)] as const;

export class UnsupportedIrOperationError extends Error {
  constructor(
    readonly operation: string,
    readonly layers: readonly string[],
  ) {
    super(
      `OpenVINO IR operation ${operation} (layer ${layers.slice(0, 3).join(', ')}${layers.length > 3 ? ', …' : ''}) ` +
        `is not supported by the converter (supported: ${SUPPORTED_IR_OPERATIONS.join(', ')})`,
    );
    this.name = 'UnsupportedIrOperationError';
  }
}

export interface IrToOnnxOptions {
  /** ONNX names of the graph inputs, by Parameter order (default: the IR's tensor names). */
  inputNames?: readonly string[];
  /** ONNX names of the graph outputs, by Result order (default: the IR's tensor names). */
  outputNames?: readonly string[];
  /** Make the first dimension of every input and output symbolic (`N`), for batched inference. Default true. */
  dynamicBatch?: boolean;
  /** Written into the model's doc_string (e.g. where the IR came from). */
  docString?: string;
}

const IR_PRECISIONS: Readonly<Record<string, number>> = {
  FP32: OnnxDataType.FLOAT,
  FP16: OnnxDataType.FLOAT16,
  I64: OnnxDataType.INT64,
  I32: OnnxDataType.INT32,
};

/** Layers in an order where every layer comes after the layers feeding it (Kahn's algorithm). */
function topologicalOrder(layers: IrLayer[], feeders: Map<number, number[]>): IrLayer[] {
  const byId = new Map(layers.map((layer) => [layer.id, layer]));
  const pending = new Map(layers.map((layer) => [layer.id, new Set(feeders.get(layer.id) ?? [])]));
  const consumers = new Map<number, number[]>();
  for (const [to, froms] of feeders) {
    for (const from of froms) consumers.set(from, [...(consumers.get(from) ?? []), to]);
  }
  const ready = layers.filter((layer) => pending.get(layer.id)?.size === 0).map((layer) => layer.id);
  const order: IrLayer[] = [];
  while (ready.length > 0) {
    const id = ready.shift() as number;
    order.push(byId.get(id) as IrLayer);
    for (const next of consumers.get(id) ?? []) {
      const waiting = pending.get(next);
      waiting?.delete(id);
      if (waiting?.size === 0) ready.push(next);
    }
  }
  if (order.length !== layers.length) throw new Error('OpenVINO IR: the graph has a cycle');
  return order;
}

/**
 * Converts IR bytes to ONNX bytes (opset 13).
 * @throws UnsupportedIrOperationError naming the first operation outside {@link SUPPORTED_IR_OPERATIONS}
 * @example
 * const onnx = convertIrToOnnx(await readFile('m.xml', 'utf8'), await readFile('m.bin'), { inputNames: ['input'] });
 */
export function convertIrToOnnx(xml: string, bin: Uint8Array, options: IrToOnnxOptions = {}): Uint8Array {
  const ir = parseIrXml(xml);
  const unsupported = new Map<string, string[]>();
  for (const layer of ir.layers) {
    if (!(SUPPORTED_IR_OPERATIONS as readonly string[]).includes(layer.type)) {
      unsupported.set(layer.type, [...(unsupported.get(layer.type) ?? []), layer.name]);
    }
  }
  const [firstUnsupported] = unsupported;
  if (firstUnsupported) throw new UnsupportedIrOperationError(firstUnsupported[0], firstUnsupported[1]);

  const feeders = new Map<number, number[]>();
  const sourceOf = new Map<string, string>(); // "toLayer:toPort" → ONNX tensor name
  const tensorOf = (layer: number, port: number) => `ir${layer}_${port}`;
  for (const edge of ir.edges) {
    feeders.set(edge.toLayer, [...(feeders.get(edge.toLayer) ?? []), edge.fromLayer]);
    sourceOf.set(`${edge.toLayer}:${edge.toPort}`, tensorOf(edge.fromLayer, edge.fromPort));
  }

  const portNames = new Map<string, string>(); // ONNX tensor name → the IR's own tensor name
  for (const layer of ir.layers) {
    for (const port of layer.outputs) {
      if (port.names[0]) portNames.set(tensorOf(layer.id, port.id), port.names[0]);
    }
  }

  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const inputs: OnnxValueInfo[] = [];
  const outputs: OnnxValueInfo[] = [];
  const renamed = new Map<string, string>();
  const dynamicBatch = options.dynamicBatch ?? true;
  const shapeOf = (dims: number[]) => dims.map((d, i) => (i === 0 && dynamicBatch ? 'N' : d));
  const builder: GraphBuilder = {
    node: (opType, input, output, attribute = []) =>
      nodes.push({ name: `${opType}_${nodes.length}`, opType, input, output, attribute }),
    initializer: (tensor) => initializers.push(tensor),
    tensorName: (layer, suffix) => `ir${layer.id}_${suffix}`,
    weights: (offset, size, layer) => {
      if (!Number.isInteger(offset) || offset < 0 || offset + size > bin.length) {
        throw new Error(
          `OpenVINO IR: Const ${layer.name} reads bytes ${offset}..${offset + size} of a ${bin.length}-byte .bin (wrong .bin file?)`,
        );
      }
      return bin.subarray(offset, offset + size);
    },
  };

  for (const layer of topologicalOrder(ir.layers, feeders)) {
    const layerInputs = layer.inputs.map((port) => {
      const source = sourceOf.get(`${layer.id}:${port.id}`);
      if (!source) {
        throw new Error(`OpenVINO IR: input port ${port.id} of layer ${layer.name} is not connected`);
      }
      return renamed.get(source) ?? source;
    });
    const layerOutputs = layer.outputs.map((port) => tensorOf(layer.id, port.id));
    if (layer.type === 'Parameter') {
      const port = layer.outputs[0];
      const type = IR_PRECISIONS[port?.precision ?? ''] ?? OnnxDataType.FLOAT;
      const name = options.inputNames?.[inputs.length] ?? port?.names[0] ?? layer.name;
      renamed.set(layerOutputs[0] as string, name);
      inputs.push({
        name,
        elemType: type,
        dims: shapeOf(port?.dims ?? intList(layer.data['shape'], 'shape', layer)),
      });
    } else if (layer.type === 'Result') {
      const port = layer.inputs[0];
      const source = layerInputs[0] as string;
      const name = options.outputNames?.[outputs.length] ?? portNames.get(source) ?? layer.name;
      builder.node('Identity', [source], [name]);
      outputs.push({
        name,
        elemType: IR_PRECISIONS[port?.precision ?? ''] ?? OnnxDataType.FLOAT,
        dims: shapeOf(port?.dims ?? []),
      });
    } else {
      const translate = IR_OPERATIONS[layer.type] as (typeof IR_OPERATIONS)[string];
      translate({ layer, inputs: layerInputs, outputs: layerOutputs, builder });
    }
  }

  const model: OnnxModel = {
    irVersion: 7,
    opsetVersion: 13,
    producerName: 'smart-attendance openvino-ir converter',
    producerVersion: '1',
    docString: options.docString ?? `converted from OpenVINO IR v${ir.version} network ${ir.name}`,
    graph: {
      name: ir.name || 'graph',
      node: nodes,
      initializer: initializers,
      input: inputs,
      output: outputs,
    },
  };
  return encodeOnnxModel(model);
}
