// Errors of the HL7 core. Each names the segment and field at fault and the ACK code it earns;
// messages never quote field values, because those are personal data.

/** Why a message was refused, as printed by `adt-hub parse` and carried into the ACK. */
export const Hl7ErrorCode = {
  /** The input has no HL7 in it at all. */
  NOT_HL7: 'NOT_HL7',
  /** HL7 segments that do not begin with an MSH header. */
  NO_MSH: 'NO_MSH',
  /** MSH-1/MSH-2 do not declare usable separators. */
  BAD_ENCODING_CHARACTERS: 'BAD_ENCODING_CHARACTERS',
  /** A line inside a message that is not an HL7 segment. */
  BAD_SEGMENT: 'BAD_SEGMENT',
  /** MSH-18 names a character set the hub cannot decode. */
  UNSUPPORTED_CHARSET: 'UNSUPPORTED_CHARSET',
  /** MSH-9 is not an ADT message. */
  UNSUPPORTED_MESSAGE_TYPE: 'UNSUPPORTED_MESSAGE_TYPE',
  /** MSH-12 is not an HL7 v2 version. */
  UNSUPPORTED_VERSION: 'UNSUPPORTED_VERSION',
  /** A required segment is absent. */
  MISSING_SEGMENT: 'MISSING_SEGMENT',
  /** A required field is empty. */
  MISSING_FIELD: 'MISSING_FIELD',
  /** A field holds a value of the wrong form (a date that is not a date). */
  INVALID_FIELD: 'INVALID_FIELD',
} as const;
export type Hl7ErrorCode = (typeof Hl7ErrorCode)[keyof typeof Hl7ErrorCode];

/** HL7 table 0357 (message error condition codes), used in the ACK's ERR segment. */
const HL7_TABLE_0357: Record<Hl7ErrorCode, string> = {
  NOT_HL7: '100',
  NO_MSH: '100',
  BAD_SEGMENT: '100',
  MISSING_SEGMENT: '100',
  BAD_ENCODING_CHARACTERS: '102',
  UNSUPPORTED_CHARSET: '102',
  INVALID_FIELD: '102',
  MISSING_FIELD: '101',
  UNSUPPORTED_MESSAGE_TYPE: '200',
  UNSUPPORTED_VERSION: '203',
};

export interface Hl7ErrorJson {
  code: Hl7ErrorCode;
  message: string;
  segment: string;
  field: string;
}

/** Base class of every error the HL7 core throws or returns. */
export abstract class Hl7Error extends Error {
  /** `AR`: the hub could not process it; `AE`: understood but invalid. */
  abstract readonly ackCode: 'AE' | 'AR';

  constructor(
    readonly code: Hl7ErrorCode,
    message: string,
    /** The segment at fault, e.g. `PID`. */
    readonly segment: string,
    /** The field at fault in the spec's notation, e.g. `PID-7` (the first field of a missing segment). */
    readonly field: string,
  ) {
    super(message);
  }

  /** The HL7 table 0357 code for the ACK's ERR segment. */
  get hl7ErrorCode(): string {
    return HL7_TABLE_0357[this.code];
  }

  toJSON(): Hl7ErrorJson {
    return { code: this.code, message: this.message, segment: this.segment, field: this.field };
  }
}

/** The input could not be read as an HL7 v2 ADT message at all: answered `AR`. */
export class Hl7ParseError extends Hl7Error {
  readonly ackCode = 'AR' as const;
  override readonly name = 'Hl7ParseError';
}

/** The message was read but breaks a rule an ADT message must keep: answered `AE`. */
export class AdtValidationError extends Hl7Error {
  readonly ackCode = 'AE' as const;
  override readonly name = 'AdtValidationError';
}
