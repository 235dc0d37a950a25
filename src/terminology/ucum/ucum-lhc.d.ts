/** The part of `@lhncbc/ucum-lhc` (CommonJS, no bundled types) that validate-ucum.ts uses. */
declare module '@lhncbc/ucum-lhc' {
  export interface UcumValidationReply {
    status: 'valid' | 'invalid' | 'error';
    ucumCode: string | null;
    unit?: { code: string; name: string; guidance: string | null };
    msg: string[];
  }
  export interface UcumLhcUtilsInstance {
    validateUnitString(unit: string, suggest?: boolean, valConv?: string): UcumValidationReply;
  }
  export const UcumLhcUtils: { getInstance(): UcumLhcUtilsInstance };
  /** The module's shape, for `require`. */
  export interface UcumModule {
    UcumLhcUtils: { getInstance(): UcumLhcUtilsInstance };
  }
}
