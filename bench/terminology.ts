/**
 * Real clinical codes used by the synthetic data set: LOINC observations with UCUM units and plausible
 * ranges, SNOMED CT conditions with their ICD-10-CM equivalents, RxNorm medications, SNOMED CT
 * procedures and encounter types. Weights say how often each appears.
 */

export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const UCUM = 'http://unitsofmeasure.org';

export interface ObservationCode {
  readonly code: string;
  readonly display: string;
  readonly category: 'vital-signs' | 'laboratory';
  readonly unit: string;
  readonly mean: number;
  readonly sd: number;
  readonly decimals: number;
  /** Probability that one encounter records it. */
  readonly perEncounter: number;
}

/** Observations; heart rate (8867-4) is recorded at nearly every encounter. */
export const OBSERVATIONS: readonly ObservationCode[] = [
  { code: '8867-4', display: 'Heart rate', category: 'vital-signs', unit: '/min', mean: 76, sd: 11, decimals: 0, perEncounter: 0.95 },
  { code: '9279-1', display: 'Respiratory rate', category: 'vital-signs', unit: '/min', mean: 15, sd: 2.5, decimals: 0, perEncounter: 0.85 },
  { code: '8310-5', display: 'Body temperature', category: 'vital-signs', unit: 'Cel', mean: 36.9, sd: 0.4, decimals: 1, perEncounter: 0.7 },
  { code: '29463-7', display: 'Body weight', category: 'vital-signs', unit: 'kg', mean: 78, sd: 17, decimals: 1, perEncounter: 0.8 },
  { code: '8302-2', display: 'Body height', category: 'vital-signs', unit: 'cm', mean: 170, sd: 10, decimals: 1, perEncounter: 0.5 },
  { code: '39156-5', display: 'Body mass index (BMI) [Ratio]', category: 'vital-signs', unit: 'kg/m2', mean: 27, sd: 5, decimals: 1, perEncounter: 0.5 },
  { code: '2708-6', display: 'Oxygen saturation in Arterial blood', category: 'vital-signs', unit: '%', mean: 97, sd: 1.5, decimals: 0, perEncounter: 0.6 },
  { code: '2339-0', display: 'Glucose [Mass/volume] in Blood', category: 'laboratory', unit: 'mg/dL', mean: 102, sd: 22, decimals: 0, perEncounter: 0.35 },
  { code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', category: 'laboratory', unit: '%', mean: 5.9, sd: 0.9, decimals: 1, perEncounter: 0.15 },
  { code: '2093-3', display: 'Cholesterol [Mass/volume] in Serum or Plasma', category: 'laboratory', unit: 'mg/dL', mean: 190, sd: 35, decimals: 0, perEncounter: 0.2 },
  { code: '718-7', display: 'Hemoglobin [Mass/volume] in Blood', category: 'laboratory', unit: 'g/dL', mean: 14, sd: 1.5, decimals: 1, perEncounter: 0.3 },
  { code: '6690-2', display: 'Leukocytes [#/volume] in Blood by Automated count', category: 'laboratory', unit: '10*3/uL', mean: 7, sd: 2, decimals: 1, perEncounter: 0.3 },
  { code: '2160-0', display: 'Creatinine [Mass/volume] in Serum or Plasma', category: 'laboratory', unit: 'mg/dL', mean: 0.95, sd: 0.25, decimals: 2, perEncounter: 0.3 },
  { code: '2951-2', display: 'Sodium [Moles/volume] in Serum or Plasma', category: 'laboratory', unit: 'mmol/L', mean: 140, sd: 2.5, decimals: 0, perEncounter: 0.3 },
  { code: '2823-3', display: 'Potassium [Moles/volume] in Serum or Plasma', category: 'laboratory', unit: 'mmol/L', mean: 4.2, sd: 0.4, decimals: 1, perEncounter: 0.3 },
];

/** Blood pressure panel with systolic / diastolic components (the vital-signs profile shape). */
export const BLOOD_PRESSURE = {
  panel: { code: '85354-9', display: 'Blood pressure panel with all children optional' },
  systolic: { code: '8480-6', display: 'Systolic blood pressure', mean: 124, sd: 15 },
  diastolic: { code: '8462-4', display: 'Diastolic blood pressure', mean: 79, sd: 9 },
  perEncounter: 0.8,
} as const;

export interface ConditionCode {
  readonly snomed: string;
  readonly display: string;
  readonly icd10: string;
  readonly icd10Display: string;
  /** Share of patients who have it. */
  readonly prevalence: number;
  readonly chronic: boolean;
  /** RxNorm codes typically prescribed for it. */
  readonly medications: readonly string[];
}

export const CONDITIONS: readonly ConditionCode[] = [
  { snomed: '38341003', display: 'Hypertensive disorder, systemic arterial', icd10: 'I10', icd10Display: 'Essential (primary) hypertension', prevalence: 0.3, chronic: true, medications: ['314076', '197361', '310798'] },
  { snomed: '44054006', display: 'Diabetes mellitus type 2', icd10: 'E11.9', icd10Display: 'Type 2 diabetes mellitus without complications', prevalence: 0.11, chronic: true, medications: ['860975'] },
  { snomed: '55822004', display: 'Hyperlipidemia', icd10: 'E78.5', icd10Display: 'Hyperlipidemia, unspecified', prevalence: 0.25, chronic: true, medications: ['259255'] },
  { snomed: '195967001', display: 'Asthma', icd10: 'J45.909', icd10Display: 'Unspecified asthma, uncomplicated', prevalence: 0.08, chronic: true, medications: ['745679'] },
  { snomed: '13645005', display: 'Chronic obstructive lung disease', icd10: 'J44.9', icd10Display: 'Chronic obstructive pulmonary disease, unspecified', prevalence: 0.05, chronic: true, medications: ['745679'] },
  { snomed: '49436004', display: 'Atrial fibrillation', icd10: 'I48.91', icd10Display: 'Unspecified atrial fibrillation', prevalence: 0.03, chronic: true, medications: [] },
  { snomed: '35489007', display: 'Depressive disorder', icd10: 'F32.9', icd10Display: 'Major depressive disorder, single episode, unspecified', prevalence: 0.08, chronic: true, medications: ['312938'] },
  { snomed: '197480006', display: 'Anxiety disorder', icd10: 'F41.9', icd10Display: 'Anxiety disorder, unspecified', prevalence: 0.07, chronic: true, medications: ['312938'] },
  { snomed: '444814009', display: 'Viral sinusitis', icd10: 'J01.90', icd10Display: 'Acute sinusitis, unspecified', prevalence: 0.4, chronic: false, medications: ['313782'] },
  { snomed: '10509002', display: 'Acute bronchitis', icd10: 'J20.9', icd10Display: 'Acute bronchitis, unspecified', prevalence: 0.2, chronic: false, medications: ['308182', '313782'] },
  { snomed: '43878008', display: 'Streptococcal sore throat', icd10: 'J02.0', icd10Display: 'Streptococcal pharyngitis', prevalence: 0.15, chronic: false, medications: ['308182'] },
  { snomed: '68496003', display: 'Polyp of colon', icd10: 'K63.5', icd10Display: 'Polyp of colon', prevalence: 0.05, chronic: false, medications: [] },
];

export const MEDICATIONS: Readonly<Record<string, string>> = {
  '314076': 'lisinopril 10 MG Oral Tablet',
  '197361': 'amlodipine 5 MG Oral Tablet',
  '310798': 'hydrochlorothiazide 25 MG Oral Tablet',
  '860975': '24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet',
  '259255': 'atorvastatin 80 MG Oral Tablet',
  '745679': '200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler',
  '312938': 'sertraline 100 MG Oral Tablet',
  '313782': 'acetaminophen 325 MG Oral Tablet',
  '308182': 'amoxicillin 250 MG Oral Capsule',
};

export const PROCEDURES: readonly { readonly code: string; readonly display: string; readonly perEncounter: number }[] = [
  { code: '430193006', display: 'Medication reconciliation (procedure)', perEncounter: 0.3 },
  { code: '171207006', display: 'Depression screening (procedure)', perEncounter: 0.1 },
  { code: '710824005', display: 'Assessment of health and social care needs (procedure)', perEncounter: 0.1 },
  { code: '17636008', display: 'Specimen collection (procedure)', perEncounter: 0.25 },
  { code: '73761001', display: 'Colonoscopy (procedure)', perEncounter: 0.01 },
  { code: '76601001', display: 'Intramuscular injection (procedure)', perEncounter: 0.05 },
];

export const ENCOUNTER_TYPES: readonly { readonly code: string; readonly display: string; readonly classCode: 'AMB' | 'EMER' | 'IMP'; readonly weight: number }[] = [
  { code: '185349003', display: 'Encounter for check up (procedure)', classCode: 'AMB', weight: 5 },
  { code: '162673000', display: 'General examination of patient (procedure)', classCode: 'AMB', weight: 3 },
  { code: '185345009', display: 'Encounter for symptom (procedure)', classCode: 'AMB', weight: 4 },
  { code: '50849002', display: 'Emergency room admission (procedure)', classCode: 'EMER', weight: 1 },
  { code: '32485007', display: 'Hospital admission (procedure)', classCode: 'IMP', weight: 0.5 },
];

export const GIVEN_NAMES = {
  female: ['Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Susan', 'Jessica', 'Sarah', 'Karen', 'Maria', 'Aiko', 'Fatima', 'Sofia', 'Priya', 'Ngozi'],
  male: ['James', 'Robert', 'John', 'Michael', 'David', 'William', 'Richard', 'Joseph', 'Carlos', 'Wei', 'Ahmed', 'Dmitri', 'Kwame', 'Hiroshi', 'Luis'],
} as const;

export const FAMILY_NAMES = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodríguez', 'Martínez', 'Nguyen', 'Okafor', 'Kowalski', 'Müller', 'Tanaka', 'Patel', 'Cohen', 'O\'Brien'];

export const CITIES: readonly { readonly city: string; readonly state: string; readonly zip: string }[] = [
  { city: 'Boston', state: 'MA', zip: '02118' },
  { city: 'Worcester', state: 'MA', zip: '01608' },
  { city: 'Springfield', state: 'MA', zip: '01103' },
  { city: 'Providence', state: 'RI', zip: '02903' },
  { city: 'Hartford', state: 'CT', zip: '06103' },
  { city: 'Portland', state: 'ME', zip: '04101' },
];
