/**
 * A synthetic LOINC table (`Loinc.csv` layout: quoted CSV, the real column names) of any size for the
 * $expand benchmark: components × properties × systems × methods drawn by a seeded generator, codes
 * with LOINC's mod-10 check digit. No LOINC content is copied; the words are common lab vocabulary.
 */
import { createWriteStream } from 'node:fs';

const ANALYTES = ['Glucose', 'Sodium', 'Potassium', 'Chloride', 'Calcium', 'Magnesium', 'Phosphate', 'Urea nitrogen', 'Creatinine',
  'Albumin', 'Protein', 'Bilirubin', 'Bilirubin.direct', 'Alkaline phosphatase', 'Alanine aminotransferase', 'Aspartate aminotransferase',
  'Cholesterol', 'Cholesterol.in HDL', 'Cholesterol.in LDL', 'Triglyceride', 'Hemoglobin', 'Hemoglobin A1c/Hemoglobin.total', 'Hematocrit',
  'Leukocytes', 'Erythrocytes', 'Platelets', 'Neutrophils', 'Lymphocytes', 'Monocytes', 'Eosinophils', 'Basophils', 'Ferritin', 'Iron',
  'Transferrin', 'Thyrotropin', 'Thyroxine.free', 'Triiodothyronine', 'Cortisol', 'Insulin', 'C peptide', 'Lactate', 'Ammonia', 'Lipase',
  'Amylase', 'Troponin I.cardiac', 'Troponin T.cardiac', 'Natriuretic peptide B', 'C reactive protein', 'Procalcitonin', 'Vitamin D',
  'Cobalamin', 'Folate', 'Prostate specific Ag', 'Urate', 'Osmolality', 'Ketones', 'Nitrite', 'Bacteria', 'Yeast', 'Casts'];
const ORGANISMS = ['Hepatitis B virus', 'Hepatitis C virus', 'HIV 1', 'Cytomegalovirus', 'Epstein Barr virus', 'Herpes simplex virus 1',
  'Rubella virus', 'Measles virus', 'Varicella zoster virus', 'Influenza virus A', 'Influenza virus B', 'SARS coronavirus 2',
  'Chlamydia trachomatis', 'Neisseria gonorrhoeae', 'Treponema pallidum', 'Toxoplasma gondii', 'Borrelia burgdorferi', 'Mycoplasma pneumoniae',
  'Streptococcus pyogenes', 'Staphylococcus aureus', 'Escherichia coli', 'Clostridioides difficile', 'Helicobacter pylori', 'Legionella pneumophila',
  'Bordetella pertussis', 'Respiratory syncytial virus', 'Adenovirus', 'Norovirus', 'Rotavirus', 'Candida albicans'];
const MARKERS = ['Ab', 'Ab.IgG', 'Ab.IgM', 'Ag', 'DNA', 'RNA'];
const PROPERTIES: readonly (readonly [string, string])[] = [['MCnc', 'Mass/volume'], ['SCnc', 'Moles/volume'], ['NCnc', '#/volume'], ['ACnc', 'Units/volume'],
  ['CCnc', 'Enzymatic activity/volume'], ['MFr', 'Mass fraction'], ['PrThr', 'Presence'], ['Titr', 'Titer'], ['Naric', 'Number/area'], ['MRat', 'Mass/time'], ['Osmol', 'Osmolality'], ['Ratio', 'Ratio']];
const SYSTEMS: readonly (readonly [string, string])[] = [['Bld', 'Blood'], ['Ser/Plas', 'Serum or Plasma'], ['Ser', 'Serum'], ['Plas', 'Plasma'], ['Urine', 'Urine'],
  ['CSF', 'Cerebral spinal fluid'], ['BldA', 'Arterial blood'], ['BldV', 'Venous blood'], ['BldC', 'Capillary blood'], ['Stool', 'Stool'], ['Saliva', 'Saliva'],
  ['Synv fld', 'Synovial fluid'], ['Plr fld', 'Pleural fluid'], ['Periton fld', 'Peritoneal fluid'], ['Nph', 'Nasopharynx'], ['Thrt', 'Throat'], ['Genital', 'Genital specimen'], ['Tiss', 'Tissue']];
const METHODS = ['', 'Automated count', 'Manual count', 'Test strip', 'Immunoassay', 'EIA', 'NAA with probe detection', 'Culture', 'Electrophoresis', 'Calculated', 'Confirm method', 'Screen method'];
const TIMES = ['Pt', 'Pt', 'Pt', '24H', '12H'];
const STATUSES = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'TRIAL', 'DISCOURAGED', 'DEPRECATED'];
const COMPONENTS = [...ANALYTES, ...ORGANISMS.flatMap((o) => MARKERS.map((m) => `${o} ${m}`))];

/** LOINC's check digit (mod 10, Luhn) for the number part of a code. */
export function loincCheckDigit(n: number): number {
  const digits = String(n).split('').reverse().map(Number);
  let sum = 0;
  digits.forEach((d, i) => {
    const v = i % 2 === 0 ? d * 2 : d;
    sum += v > 9 ? v - 9 : v;
  });
  return (10 - (sum % 10)) % 10;
}

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** Writes a synthetic `Loinc.csv` of `rows` concepts to `path`; answers its size in bytes. */
export async function writeSyntheticLoinc(path: string, rows: number, seed = 11): Promise<number> {
  let s = seed >>> 0;
  const rnd = (n: number): number => { // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
  const pick = <T>(list: readonly T[]): T => list[rnd(list.length)] as T;
  const out = createWriteStream(path);
  const write = (text: string): Promise<void> | undefined => (out.write(text) ? undefined : new Promise((ok) => out.once('drain', () => ok())));
  let bytes = 0;
  const header = ['LOINC_NUM', 'COMPONENT', 'PROPERTY', 'TIME_ASPCT', 'SYSTEM', 'SCALE_TYP', 'METHOD_TYP', 'CLASS', 'VersionLastChanged', 'CHNG_TYPE',
    'DefinitionDescription', 'STATUS', 'CONSUMER_NAME', 'CLASSTYPE', 'FORMULA', 'SHORTNAME', 'ORDER_OBS', 'LONG_COMMON_NAME'].map(quote).join(',') + '\r\n';
  bytes += Buffer.byteLength(header);
  await write(header);
  const seen = new Set<string>();
  let batch = '';
  for (let i = 0; i < rows;) {
    const component = pick(COMPONENTS);
    const [prop, propName] = pick(PROPERTIES);
    const [sys, sysName] = pick(SYSTEMS);
    const method = pick(METHODS);
    const time = pick(TIMES);
    const key = `${component}|${prop}|${sys}|${method}|${time}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const n = 10_000 + i * 7;
    const code = `${n}-${loincCheckDigit(n)}`;
    const long = `${component} [${propName}] in ${time === 'Pt' ? '' : `${time} `}${sysName}${method === '' ? '' : ` by ${method}`}`;
    const short = `${component.split(' ')[0] ?? component} ${sys}-${prop}`;
    const status = pick(STATUSES);
    batch += [code, component, prop, time, sys, prop === 'PrThr' ? 'Ord' : 'Qn', method, component.includes(' Ab') ? 'MICRO' : 'CHEM', '2.77', 'MIN', '', status, '', '1', '', short, 'Both', long]
      .map(quote).join(',') + '\r\n';
    i++;
    if (batch.length > 1 << 20) {
      bytes += Buffer.byteLength(batch);
      await write(batch);
      batch = '';
    }
  }
  bytes += Buffer.byteLength(batch);
  await write(batch);
  await new Promise<void>((ok, fail) => out.end((e?: Error | null) => (e ? fail(e) : ok())));
  return bytes;
}
