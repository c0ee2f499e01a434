/**
 * Reads an OpenVINO IR (v10/v11) XML file into layers, ports and edges with fast-xml-parser.
 * @module
 */
import { XMLParser } from 'fast-xml-parser';

export interface IrPort {
  id: number;
  /** Element type as written on the port (`FP32`, `FP16`, `I64`…), or '' when absent. */
  precision: string;
  dims: number[];
  /** Tensor names of an output port (`names="0"`), when the IR records them. */
  names: string[];
}

export interface IrLayer {
  id: number;
  name: string;
  type: string;
  version: string;
  /** Attributes of the layer's `<data>` element, as written. */
  data: Readonly<Record<string, string>>;
  inputs: IrPort[];
  outputs: IrPort[];
}

export interface IrEdge {
  fromLayer: number;
  fromPort: number;
  toLayer: number;
  toPort: number;
}

export interface IrGraph {
  name: string;
  version: number;
  layers: IrLayer[];
  edges: IrEdge[];
}

const ARRAY_ELEMENTS = new Set(['layer', 'port', 'dim', 'edge']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (tagName) => ARRAY_ELEMENTS.has(tagName),
});

type XmlNode = Record<string, unknown>;

const asNode = (value: unknown): XmlNode => (value && typeof value === 'object' ? (value as XmlNode) : {});
const asList = (value: unknown): XmlNode[] => (Array.isArray(value) ? value.map(asNode) : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function integer(value: unknown, what: string): number {
  const n = Number(text(value));
  if (!Number.isInteger(n)) throw new Error(`OpenVINO IR: ${what} is not an integer (${String(value)})`);
  return n;
}

function ports(node: unknown, layer: string): IrPort[] {
  return asList(asNode(node)['port']).map((port) => ({
    id: integer(port['id'], `port id of layer ${layer}`),
    precision: text(port['precision']),
    dims: asList(port['dim']).length
      ? (port['dim'] as unknown[]).map((d) => integer(d, `a dim of layer ${layer}`))
      : [],
    names: text(port['names'])
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean),
  }));
}

/** Parses IR XML; throws a readable error for a file that is not an IR network. */
export function parseIrXml(xml: string): IrGraph {
  let document: XmlNode;
  try {
    document = asNode(parser.parse(xml, true));
  } catch (error) {
    throw new Error(`OpenVINO IR: not well-formed XML (${(error as Error).message})`, { cause: error });
  }
  const net = asNode(document['net']);
  const version = Number(text(net['version']));
  if (!net['layers']) throw new Error('OpenVINO IR: no <net><layers> element (is this an IR .xml file?)');
  if (version !== 10 && version !== 11) {
    throw new Error(`OpenVINO IR version ${text(net['version']) || '?'} is not supported (10 and 11 are)`);
  }
  const layers = asList(asNode(net['layers'])['layer']).map((layer): IrLayer => {
    const name = text(layer['name']);
    const data = asNode(layer['data']);
    return {
      id: integer(layer['id'], `layer id of ${name}`),
      name,
      type: text(layer['type']),
      version: text(layer['version']),
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, text(v)])),
      inputs: ports(layer['input'], name),
      outputs: ports(layer['output'], name),
    };
  });
  const edges = asList(asNode(net['edges'])['edge']).map((edge) => ({
    fromLayer: integer(edge['from-layer'], 'edge from-layer'),
    fromPort: integer(edge['from-port'], 'edge from-port'),
    toLayer: integer(edge['to-layer'], 'edge to-layer'),
    toPort: integer(edge['to-port'], 'edge to-port'),
  }));
  return { name: text(net['name']), version, layers, edges };
}
