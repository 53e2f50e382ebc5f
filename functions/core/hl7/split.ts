// Finds the messages in an input: MLLP frames, FHS/BHS batches, blank lines between messages,
// and any mixture of `\r`, `\n` and `\r\n` as segment ends. Text that belongs to no message is
// returned too, so that nothing in the input is dropped without an error.

export interface InputChunk {
  /** `message`: starts with an MSH segment; `stray`: lines outside any message. */
  kind: 'message' | 'stray';
  lines: string[];
}

const MLLP_START = '\x0b';
const MLLP_END = '\x1c';
const BATCH_ENVELOPE = new Set(['FHS', 'BHS', 'BTS', 'FTS']);
const SEGMENT_START = /^[A-Z][A-Z0-9]{2}(?![A-Za-z0-9])/;

function segmentName(line: string): string | undefined {
  return SEGMENT_START.test(line) ? line.slice(0, 3) : undefined;
}

export function splitInput(text: string): InputChunk[] {
  const chunks: InputChunk[] = [];
  let current: InputChunk | undefined;
  let blankSinceLastLine = false;

  // The capture keeps MLLP frame bytes as tokens of their own; line ends are dropped.
  const tokens = text.replace(/^\ufeff/, '').split(/([\x0b\x1c])|\r\n|\n|\r/);
  for (const token of tokens) {
    if (token === undefined) continue;
    if (token === MLLP_START || token === MLLP_END) {
      current = undefined;
      continue;
    }
    if (token.trim() === '') {
      blankSinceLastLine = true;
      continue;
    }
    const name = segmentName(token);
    if (name === 'MSH') {
      current = { kind: 'message', lines: [token] };
      chunks.push(current);
    } else if (name !== undefined && BATCH_ENVELOPE.has(name)) {
      current = undefined;
    } else if (current === undefined || (blankSinceLastLine && current.kind === 'message' && !name)) {
      // Text outside a message, or after a blank line that ended one.
      current = { kind: 'stray', lines: [token] };
      chunks.push(current);
    } else {
      // Inside a message a line that is not a segment stays with it, to be reported there.
      current.lines.push(token);
    }
    blankSinceLastLine = false;
  }
  return chunks;
}
