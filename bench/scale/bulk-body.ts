/**
 * @module The bench client's side of `POST /v1/people/bulk`: request bodies built straight from the dataset
 * file as bytes (float32 base64, the compact wire form), without a JSON object tree, JSON.stringify or a
 * UTF-8 pass, so the client spends a few milliseconds per 1,500 templates instead of hundreds on a loaded
 * machine and the rate measured is the server's.
 */

/** Templates `[first, end)` of `vectors` (which starts at template `first`) grouped by owner, as a JSON body. */
export function bulkBody(options: {
  model: string;
  owners: Int32Array;
  vectors: Float32Array;
  dim: number;
  first: number;
  end: number;
}): Buffer {
  const { owners, vectors, dim, first, end } = options;
  const bytes = Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength);
  const perTemplate = 40 + Math.ceil((dim * 4) / 3) * 4;
  const out = Buffer.allocUnsafe(64 + options.model.length + (end - first) * (perTemplate + 80));
  let at = out.write(
    `{"model":${JSON.stringify(options.model)},"check_duplicates":false,"people":[`,
    0,
    'latin1',
  );
  let t = first;
  while (t < end) {
    const owner = owners[t] ?? -1;
    // Names and ids are ASCII digits: nothing to escape.
    if (t > first) at += out.write(',', at, 'latin1');
    at += out.write(`{"name":"Person ${owner}","external_id":"P-${owner}","embeddings":[`, at, 'latin1');
    for (let j = 0; t < end && owners[t] === owner; t++, j++) {
      const from = (t - first) * dim * 4;
      at += out.write(`${j ? ',' : ''}{"dtype":"float32","base64":"`, at, 'latin1');
      at += out.write(bytes.toString('base64', from, from + dim * 4), at, 'latin1');
      at += out.write('"}', at, 'latin1');
    }
    at += out.write(']}', at, 'latin1');
  }
  at += out.write(']}', at, 'latin1');
  return out.subarray(0, at);
}
