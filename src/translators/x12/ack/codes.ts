/**
 * Acknowledgement code tables (X12 00501 / 005010X231A1). The envelope layer's TA105 / AK905 / IK502
 * codes (issues.ts) are subsets of these; SNIP 2 / 3 validators add the segment (620) and element (621)
 * codes. https://x12.org/codes ; 005010X231A1 999 TR3 (IK3, IK4, IK5, AK9)
 */
import type { Ak9ErrorCode, Ik5ErrorCode, Ta1NoteCode } from '../issues.js';

/** TA104 Interchange Acknowledgment Code (I17): accepted, accepted with errors noted, rejected. */
export type Ta1AckCode = 'A' | 'E' | 'R';

/** TA105 Interchange Note Code (I18); `000` = no error. */
export type Ta1Note = Ta1NoteCode | '000';

/** IK304 Implementation Segment Syntax Error Code (620). */
export type Ik304Code =
  | '1' // unrecognized segment ID
  | '2' // unexpected segment
  | '3' // required segment missing
  | '4' // loop occurs over maximum times
  | '5' // segment exceeds maximum use
  | '6' // segment not in defined transaction set
  | '7' // segment not in proper sequence
  | '8' // segment has data element errors
  | 'I4' // implementation "not used" segment present
  | 'I6' // implementation dependent segment missing
  | 'I7' // implementation loop occurs under minimum times
  | 'I8' // implementation segment below minimum use
  | 'I9'; // implementation dependent "not used" segment present

/** IK403 Implementation Data Element Syntax Error Code (621). */
export type Ik403Code =
  | '1' // required data element missing
  | '2' // conditional required data element missing
  | '3' // too many data elements
  | '4' // data element too short
  | '5' // data element too long
  | '6' // invalid character in data element
  | '7' // invalid code value
  | '8' // invalid date
  | '9' // invalid time
  | '10' // exclusion condition violated
  | '12' // too many repetitions
  | '13' // too many components
  | 'I6' // code value not used in implementation
  | 'I9' // implementation dependent data element missing
  | 'I10' // implementation "not used" data element present
  | 'I11' // implementation too few repetitions
  | 'I12' // implementation pattern match failure
  | 'I13'; // implementation dependent "not used" data element present

/** IK501 Transaction Set Acknowledgment Code (717) as we send it. */
export type Ik501Code = 'A' | 'E' | 'R';

/** IK502–IK506 Implementation Transaction Set Syntax Error Code (618). */
export type Ik502Code =
  | Ik5ErrorCode
  | '1' // transaction set not supported
  | '5' // one or more segments in error
  | 'I5' // implementation one or more segments in error
  | 'I6'; // implementation convention not supported

/** AK901 Functional Group Acknowledge Code (715) as we send it. */
export type Ak901Code = 'A' | 'E' | 'P' | 'R';

/** AK905–AK909 Functional Group Syntax Error Code (716). */
export type Ak905Code =
  | Ak9ErrorCode
  | '1' // functional group not supported
  | '2'; // functional group version not supported

/** IK304 / IK403 codes starting with `I` are implementation-guide (SNIP 2+) errors, the others syntax. */
export function isImplementationCode(code: string): boolean {
  return code.startsWith('I');
}
