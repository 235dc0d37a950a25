// Minimal types for the parts of simple-hl7 3.x the parser benchmark uses (the package ships none).
declare module 'simple-hl7' {
  namespace simpleHl7 {
    /** A field, component or nested repetition: `value` holds strings, arrays and further nodes. */
    interface Node {
      value: unknown[];
    }
    interface ParsedSegment {
      name: string;
      fields: Node[];
    }
    interface ParsedMessage {
      header: { fields: Node[] };
      segments: ParsedSegment[];
      toString(): string;
    }
    class Parser {
      constructor(options?: { segmentSeperator?: string });
      parse(text: string): ParsedMessage;
    }
  }
  export = simpleHl7;
}
