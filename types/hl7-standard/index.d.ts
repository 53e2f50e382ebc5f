// Types for hl7-standard@1.0.4 (CommonJS, ships none): only the parts ADT Hub reads.
// Its vocabulary is inverted: "subComponents" is the repetition separator (`~`) and
// "repeatingFields" the subcomponent separator (`&`). functions/core/hl7/message.ts hides this.

declare module 'hl7-standard' {
  /** A component: a string, or its subcomponents when it holds the subcomponent separator. */
  type Hl7StandardComponent = string | string[];
  /** Components of one repetition, keyed `SEG.field.component` (1-based). */
  type Hl7StandardComponents = Record<string, Hl7StandardComponent>;
  /**
   * A field, keyed `SEG.field` in a segment's `data`:
   * - string: one value;
   * - string[]: the subcomponents of component 1 (no component or repetition separator);
   * - components: one repetition with components;
   * - components[]: several repetitions.
   */
  type Hl7StandardField = string | string[] | Hl7StandardComponents | Hl7StandardComponents[];

  interface Hl7StandardSegment {
    type: string;
    index: number;
    data: Record<string, Hl7StandardField>;
  }

  interface Hl7StandardOptions {
    subComponents?: string;
    repeatingFields?: string;
    lineEndings?: string;
  }

  class HL7 {
    constructor(data?: string, opts?: Hl7StandardOptions);
    raw: string;
    /** Segments by name, in message order; filled by transform(). */
    transformed: Record<string, Hl7StandardSegment[]>;
    /** Parses `raw`; throws (or calls back with) a plain Error on input it cannot read. */
    transform(cb?: (err: Error | null, data: unknown) => void, batch?: boolean): void;
    get(field: string, index?: number, sectionIndex?: number, subIndex?: number): unknown;
    build(): string;
  }

  export = HL7;
}
