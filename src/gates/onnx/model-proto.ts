import { forEachField, ProtoError, text, type ProtoField } from './protobuf.js';

/** What the safety gate needs to know about an ONNX model, read from its bytes without loading it. */
export interface OnnxSummary {
  readonly irVersion: number;
  readonly producer: string;
  /** opset_import: domain ('' is the default domain) → version. */
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  /** Nodes of the main graph, its subgraphs (If/Loop/Scan bodies) and local functions. */
  readonly nodeCount: number;
  /** Node count per `domain:op_type` ('' domain written as 'ai.onnx'). */
  readonly ops: Readonly<Record<string, number>>;
  /** Domains used by nodes ('' for the default domain). */
  readonly nodeDomains: readonly string[];
  readonly initializers: number;
  /** Bytes of weights stored inside the file (raw_data and typed fields). */
  readonly initializerBytes: number;
  /** Tensors whose data lives in another file, with the location they name. */
  readonly externalData: readonly { readonly tensor: string; readonly location: string }[];
  readonly functions: readonly string[];
}

/** Subgraphs nest; a deeper model is refused rather than walked (stack safety against hostile input). */
const MAX_DEPTH = 32;

// Field numbers from onnx/onnx.proto3.
const MODEL = { irVersion: 1, producer: 2, graph: 7, opsetImport: 8, functions: 25 } as const;
const GRAPH = { node: 1, initializer: 5, sparseInitializer: 15 } as const;
const NODE = { opType: 4, attribute: 5, domain: 7 } as const;
const ATTRIBUTE = { t: 5, g: 6, tensors: 10, graphs: 11 } as const;
const TENSOR = { name: 8, externalData: 13, dataLocation: 14 } as const;
const FUNCTION = { name: 1, node: 7, domain: 10 } as const;

interface Walk {
  nodeCount: number;
  ops: Record<string, number>;
  domains: Set<string>;
  initializers: number;
  initializerBytes: number;
  external: { tensor: string; location: string }[];
}

/**
 * Reads an ONNX ModelProto's opsets, operators, weights and external-data references. Throws ProtoError when the
 * bytes are not a ModelProto.
 * @example summarizeOnnx(bytes).opsets // [{ domain: '', version: 17 }, { domain: 'ai.onnx.ml', version: 3 }]
 */
export function summarizeOnnx(bytes: Uint8Array): OnnxSummary {
  const walk: Walk = { nodeCount: 0, ops: {}, domains: new Set(), initializers: 0, initializerBytes: 0, external: [] };
  const opsets: { domain: string; version: number }[] = [];
  const functions: string[] = [];
  let irVersion = 0;
  let producer = '';
  let graphs = 0;
  forEachField(bytes, 0, bytes.length, (f) => {
    if (f.number === MODEL.irVersion && f.wire === 0) irVersion = f.value;
    else if (f.number === MODEL.producer && f.wire === 2) producer = text(bytes, f);
    else if (f.number === MODEL.opsetImport && f.wire === 2) opsets.push(readOpset(bytes, f));
    else if (f.number === MODEL.graph && f.wire === 2) {
      graphs++;
      readGraph(bytes, f, walk, 0);
    } else if (f.number === MODEL.functions && f.wire === 2) functions.push(readFunction(bytes, f, walk));
  });
  if (graphs === 0) throw new ProtoError('no graph: not an ONNX ModelProto');
  return { irVersion, producer, opsets, nodeCount: walk.nodeCount, ops: walk.ops, nodeDomains: [...walk.domains].sort(), initializers: walk.initializers, initializerBytes: walk.initializerBytes, externalData: walk.external, functions };
}

function readOpset(bytes: Uint8Array, f: ProtoField): { domain: string; version: number } {
  let domain = '';
  let version = 0;
  forEachField(bytes, f.start, f.end, (g) => {
    if (g.number === 1 && g.wire === 2) domain = text(bytes, g);
    else if (g.number === 2 && g.wire === 0) version = g.value;
  });
  return { domain, version };
}

function readGraph(bytes: Uint8Array, f: ProtoField, walk: Walk, depth: number): void {
  if (depth > MAX_DEPTH) throw new ProtoError(`subgraphs nested deeper than ${MAX_DEPTH}`);
  forEachField(bytes, f.start, f.end, (g) => {
    if (g.wire !== 2) return;
    if (g.number === GRAPH.node) readNode(bytes, g, walk, depth);
    else if (g.number === GRAPH.initializer) readTensor(bytes, g, walk);
    else if (g.number === GRAPH.sparseInitializer) walk.initializerBytes += g.end - g.start;
  });
}

function readNode(bytes: Uint8Array, f: ProtoField, walk: Walk, depth: number): void {
  let opType = '';
  let domain = '';
  forEachField(bytes, f.start, f.end, (g) => {
    if (g.number === NODE.opType && g.wire === 2) opType = text(bytes, g);
    else if (g.number === NODE.domain && g.wire === 2) domain = text(bytes, g);
    else if (g.number === NODE.attribute && g.wire === 2) readAttribute(bytes, g, walk, depth);
  });
  countNode(walk, domain, opType);
}

function countNode(walk: Walk, domain: string, opType: string): void {
  walk.nodeCount++;
  walk.domains.add(domain);
  const key = `${domain === '' ? 'ai.onnx' : domain}:${opType}`;
  walk.ops[key] = (walk.ops[key] ?? 0) + 1;
}

/** Attributes may hold tensors (weights) and graphs (control-flow bodies): both are walked. */
function readAttribute(bytes: Uint8Array, f: ProtoField, walk: Walk, depth: number): void {
  forEachField(bytes, f.start, f.end, (g) => {
    if (g.wire !== 2) return;
    if (g.number === ATTRIBUTE.t || g.number === ATTRIBUTE.tensors) readTensor(bytes, g, walk);
    else if (g.number === ATTRIBUTE.g || g.number === ATTRIBUTE.graphs) readGraph(bytes, g, walk, depth + 1);
  });
}

function readTensor(bytes: Uint8Array, f: ProtoField, walk: Walk): void {
  let name = '';
  let location: string | undefined;
  let external = false;
  forEachField(bytes, f.start, f.end, (g) => {
    if (g.number === TENSOR.name && g.wire === 2) name = text(bytes, g);
    else if (g.number === TENSOR.dataLocation && g.wire === 0) external = external || g.value === 1;
    else if (g.number === TENSOR.externalData && g.wire === 2) {
      external = true;
      const entry = readEntry(bytes, g);
      if (entry.key === 'location') location = entry.value;
    }
  });
  walk.initializers++;
  walk.initializerBytes += f.end - f.start;
  if (external) walk.external.push({ tensor: name, location: location ?? '' });
}

function readEntry(bytes: Uint8Array, f: ProtoField): { key: string; value: string } {
  let key = '';
  let value = '';
  forEachField(bytes, f.start, f.end, (g) => {
    if (g.number === 1 && g.wire === 2) key = text(bytes, g);
    else if (g.number === 2 && g.wire === 2) value = text(bytes, g);
  });
  return { key, value };
}

function readFunction(bytes: Uint8Array, f: ProtoField, walk: Walk): string {
  let name = '';
  let domain = '';
  forEachField(bytes, f.start, f.end, (g) => {
    if (g.number === FUNCTION.name && g.wire === 2) name = text(bytes, g);
    else if (g.number === FUNCTION.domain && g.wire === 2) domain = text(bytes, g);
    else if (g.number === FUNCTION.node && g.wire === 2) readNode(bytes, g, walk, 1);
  });
  return `${domain}:${name}`;
}
