/**
 * SNOMED CT from an RF2 Snapshot (tab-delimited, header row): `sct2_Concept_Snapshot*` (id, active,
 * moduleId, definitionStatusId), `sct2_Description_Snapshot*` (active FSNs and synonyms become
 * designations), `sct2_Relationship_Snapshot*` (active 116680003 |Is a| rows → parents) and, when
 * present, a `der2_cRefset_Language*Snapshot*` refset whose preferred synonym (US English first)
 * becomes the display. Without one the display is the FSN without its semantic tag when a synonym
 * says the same, else the first synonym.
 * https://confluence.ihtsdotools.org/display/DOCRELFMT ; https://hl7.org/fhir/R4/snomedct.html
 */
import { basename } from 'node:path';
import type { CodeSystemProperty } from 'fhir/r4.js';
import { unprocessable } from '../../core/outcomes.js';
import type { ImportInput, ParsedSystem } from './import-input.js';
import { COMMON_PROPERTIES, HIERARCHY_PROPERTIES, type ImportedConcept } from './imported-system.js';
import { readLines } from './line-reader.js';
import { releaseFile } from './release-files.js';
import type { ImportProgress } from './progress.js';

export const SNOMED_URL = 'http://snomed.info/sct';
const IS_A = '116680003';
const FSN = '900000000000003001';
const SYNONYM = '900000000000013009';
const PREFERRED = '900000000000548007';
const US_ENGLISH = '900000000000509007';
const DEFINED = '900000000000073002';
const FSN_USE = { system: SNOMED_URL, code: FSN, display: 'Fully specified name' };
const SYNONYM_USE = { system: SNOMED_URL, code: SYNONYM, display: 'Synonym' };
/** Edition (file-name namespace) → module id, for the version uri. */
const EDITIONS: Readonly<Record<string, string>> = { INT: '900000000000207008', US1000124: '731000124108' };
const PROPERTIES: readonly CodeSystemProperty[] = [
  ...COMMON_PROPERTIES, ...HIERARCHY_PROPERTIES,
  { code: 'moduleId', uri: `${SNOMED_URL}/property/moduleId`, type: 'code' },
  { code: 'sufficientlyDefined', uri: `${SNOMED_URL}/property/sufficientlyDefined`, type: 'boolean' },
];

/** The rows of an RF2 file after its header, split on tabs; checks the header names `first`. */
async function* rf2Rows(path: string, first: string, progress: ImportProgress, count: () => void): AsyncGenerator<string[]> {
  let header = true;
  for await (const line of readLines(path, progress)) {
    count();
    if (header) {
      if (!line.startsWith(first)) throw unprocessable(`${path}: not an RF2 file (header starts with ${JSON.stringify(line.slice(0, 20))})`);
      header = false;
      continue;
    }
    if (line !== '') yield line.split('\t');
  }
}

/** Reads an RF2 snapshot folder (or any one of its files, the others found beside it). */
export async function importSnomed(input: ImportInput): Promise<ParsedSystem> {
  const files = {
    concept: releaseFile(input.path, /^sct2_Concept_.*Snapshot.*\.txt$/i, 'concept file'),
    description: releaseFile(input.path, /^sct2_Description_.*Snapshot.*\.txt$/i, 'description file'),
    relationship: releaseFile(input.path, /^sct2_Relationship_.*Snapshot.*\.txt$/i, 'relationship file'),
    language: releaseFile(input.path, /^der2_cRefset_Language.*Snapshot.*\.txt$/i, 'language refset', true),
  };
  let rows = 0;
  const count = (): void => void rows++;
  const concepts = new Map<string, ImportedConcept>();
  for await (const [id = '', , active, moduleId = '', status] of rf2Rows(files.concept, 'id\t', input.progress, count)) {
    const c: ImportedConcept = { code: id, properties: { moduleId, sufficientlyDefined: status === DEFINED } };
    if (active !== '1') c.inactive = true;
    concepts.set(id, c);
  }
  const preferred = files.language === undefined ? undefined : await preferredTerms(files.language, input.progress, count);
  const fsns = new Map<string, string>();
  for await (const [id = '', , active, , conceptId = '', lang = 'en', typeId, term = ''] of rf2Rows(files.description, 'id\t', input.progress, count)) {
    const c = concepts.get(conceptId);
    if (active !== '1' || c === undefined || (typeId !== FSN && typeId !== SYNONYM)) continue;
    if (typeId === FSN) fsns.set(conceptId, term);
    else if (preferred?.has(id) === true && c.display === undefined) {
      c.display = term;
      continue;
    }
    (c.designations ??= []).push({ value: term, language: lang, use: typeId === FSN ? FSN_USE : SYNONYM_USE });
  }
  for (const c of concepts.values()) {
    if (c.display !== undefined) continue;
    const display = fallbackDisplay(c, fsns.get(c.code));
    if (display === undefined) continue;
    c.display = display;
    if (c.designations !== undefined) c.designations = c.designations.filter((d) => d.use !== SYNONYM_USE || d.value !== display);
  }
  for await (const [, , active, , source = '', destination = '', , typeId] of rf2Rows(files.relationship, 'id\t', input.progress, count)) {
    if (active !== '1' || typeId !== IS_A) continue;
    const child = concepts.get(source);
    if (child === undefined || !concepts.has(destination)) continue;
    const parents = (child.parents ??= []);
    if (!parents.includes(destination)) parents.push(destination);
  }
  return {
    header: {
      format: 'snomed', url: SNOMED_URL, name: 'SNOMED_CT', title: 'SNOMED CT',
      ...versionOf(input.version, basename(files.concept)),
      hierarchical: true, properties: PROPERTIES,
      sources: Object.values(files).filter((f): f is string => f !== undefined).map((f) => basename(f)),
    },
    concepts: [...concepts.values()],
    rows,
  };
}

/** Description ids preferred by the US English refset (or by any refset in the file when it has none). */
async function preferredTerms(path: string, progress: ImportProgress, count: () => void): Promise<Set<string>> {
  const byRefset = new Map<string, Set<string>>();
  for await (const [, , active, , refsetId = '', descriptionId = '', acceptability] of rf2Rows(path, 'id\t', progress, count)) {
    if (active !== '1' || acceptability !== PREFERRED) continue;
    let set = byRefset.get(refsetId);
    if (set === undefined) byRefset.set(refsetId, (set = new Set()));
    set.add(descriptionId);
  }
  return byRefset.get(US_ENGLISH) ?? new Set([...byRefset.values()].flatMap((s) => [...s]));
}

/** The FSN without its semantic tag when a synonym says the same; else the first synonym; else the FSN. */
function fallbackDisplay(c: ImportedConcept, fsn: string | undefined): string | undefined {
  const synonyms = (c.designations ?? []).filter((d) => d.use === SYNONYM_USE).map((d) => d.value);
  const bare = fsn?.replace(/\s*\([^()]*\)$/, '');
  if (bare !== undefined && synonyms.includes(bare)) return bare;
  return synonyms[0] ?? fsn;
}

/** The version uri from `--version` or the concept file name (`…_INT_20240101.txt`). */
function versionOf(given: string | undefined, file: string): { version?: string } {
  if (given !== undefined) return { version: given };
  const m = /_([A-Za-z0-9]+)_(\d{8})\.txt$/i.exec(file);
  const module = m === null ? undefined : EDITIONS[m[1]?.toUpperCase() ?? ''];
  return m === null || module === undefined ? {} : { version: `${SNOMED_URL}/${module}/version/${m[2] ?? ''}` };
}
