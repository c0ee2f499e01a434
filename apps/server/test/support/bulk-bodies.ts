import { randomUnitVector, seededRandom } from './embeddings.js';

/**
 * A bulk import body of JSON number arrays (the heaviest form to parse) as close to `limitBytes` as whole
 * people allow, each person with `templatesPerPerson` 512-d faces. `model` names the templates' model.
 */
export function maximalBulkBody(limitBytes: number, options: { model: string; templatesPerPerson: number }) {
  const random = seededRandom(7);
  const person = (i: number) =>
    JSON.stringify({
      name: `Bulk ${i}`,
      external_id: `B-${i}`,
      embeddings: Array.from({ length: options.templatesPerPerson }, () => randomUnitVector(512, random)),
    });
  const head = `{"model":"${options.model}","check_duplicates":false,"people":[`;
  const people: string[] = [];
  let bytes = head.length + 2;
  for (let i = 0; i < 2000; i++) {
    const next = person(i);
    if (bytes + next.length + 1 > limitBytes) break;
    people.push(next);
    bytes += next.length + 1;
  }
  return { body: `${head}${people.join(',')}]}`, people: people.length };
}
