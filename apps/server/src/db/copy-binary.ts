/**
 * @module PostgreSQL's binary COPY format for `face_template (person_id, model, embedding)` rows: the bulk
 * import's fast path, where the server neither parses nor formats a single decimal number. pgvector's
 * binary form of a vector is int16 dim, int16 0, then `dim` big-endian float4 (vector_recv checks the
 * dimension against the column's typmod).
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = SIGNATURE.length + 8;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `COPY … FROM STDIN (FORMAT binary)` input of template rows; `personIds[i]` owns `vectors[i]` (`dim` values). */
export function templateCopyData(options: {
  model: string;
  dim: number;
  personIds: readonly string[];
  vectors: readonly Float32Array[];
}): Buffer {
  const { dim, vectors } = options;
  const model = Buffer.from(options.model, 'utf8');
  const vectorBytes = 4 + dim * 4;
  const rowBytes = 2 + (4 + 16) + (4 + model.length) + (4 + vectorBytes);
  const out = Buffer.allocUnsafe(HEADER_BYTES + vectors.length * rowBytes + 2);
  SIGNATURE.copy(out, 0);
  out.writeInt32BE(0, SIGNATURE.length); // flags
  out.writeInt32BE(0, SIGNATURE.length + 4); // header extension length
  let at = HEADER_BYTES;
  for (const [i, vector] of vectors.entries()) {
    const personId = options.personIds[i] ?? '';
    if (!UUID_PATTERN.test(personId)) throw new Error('templateCopyData: person id is not a uuid');
    if (vector.length !== dim) throw new Error('templateCopyData: vector of the wrong dimension');
    at = out.writeInt16BE(3, at);
    at = out.writeInt32BE(16, at);
    at += out.write(personId.replaceAll('-', ''), at, 'hex');
    at = out.writeInt32BE(model.length, at);
    at += model.copy(out, at);
    at = out.writeInt32BE(vectorBytes, at);
    at = out.writeInt16BE(dim, at);
    at = out.writeInt16BE(0, at);
    // Host-order float32 bytes, then one native byte swap of the row's floats to big-endian.
    const floats = out.subarray(at, at + dim * 4);
    floats.set(new Uint8Array(vector.buffer, vector.byteOffset, dim * 4));
    if (LITTLE_ENDIAN) floats.swap32();
    at += dim * 4;
  }
  out.writeInt16BE(-1, at); // file trailer
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
