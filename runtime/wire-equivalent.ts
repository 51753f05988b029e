/**
 * Inputs that mean the same on the wire. Every param travels as text, so a value of another JavaScript type
 * whose text the API reads the same is accepted (JavaScript callers pass strings from env, CLI args and JSON)
 * and sent in the wire's spelling; anything else is still refused. One rule per declared type:
 *
 * - integer: a number that is whole, a bigint, or a string of decimal digits with an optional sign
 *   (`'10'`, `'+010'` -> `10`, `'-0'` -> `0`, any length, kept exact); not `'1.5e3'`, `'10.0'`, `' 10'`, `'0x10'`;
 * - number: a finite number, or a decimal string (`'1.5'`, `'-.5'`, `'2.50'`, `'1e-7'`), sent as the runtime
 *   spells that number (`'1.5e3'` -> `1500`); not `'1,5'`, `'NaN'`, `'Infinity'`, `''`;
 * - boolean: a boolean, or `'true'`/`'false'` in any case (sent lower case); not `'1'`, `'yes'`, `1`;
 * - string: a string, a finite number, a bigint or a boolean (sent as `flattenParams` spells them).
 *
 * The generated TypeScript types stay exact; this is the run-time check's tolerance.
 */
import { formatNumber } from './sign.js';

/** A value the declared type refuses. */
export const REFUSED: unique symbol = Symbol('refused');

const WHOLE = /^([+-]?)0*([0-9]+)$/;
const DECIMAL = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const BOOLEAN = /^(?:true|false)$/i;

/**
 * `v` itself when it is acceptable as it is, its wire spelling (a string) when it means the same but is spelled
 * otherwise, or REFUSED.
 */
export function toWire(v: unknown, type: 's' | 'i' | 'n' | 'b'): unknown {
  switch (type) {
    case 's':
      if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint') return v;
      return typeof v === 'number' && Number.isFinite(v) ? v : REFUSED;
    case 'i':
      if ((typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint') return v;
      return typeof v === 'string' ? wholeDecimal(v) : REFUSED;
    case 'n':
      if (typeof v === 'number') return Number.isFinite(v) ? v : REFUSED;
      if (typeof v !== 'string' || !DECIMAL.test(v)) return REFUSED;
      return Number.isFinite(Number(v)) ? formatNumber(Number(v)) : REFUSED;
    case 'b':
      if (typeof v === 'boolean') return v;
      return typeof v === 'string' && BOOLEAN.test(v) ? v.toLowerCase() : REFUSED;
  }
}

/** `'+007'` -> `'7'`, `'-0'` -> `'0'`; digits kept exact (no float rounding of large ids). */
function wholeDecimal(s: string): string | typeof REFUSED {
  const m = WHOLE.exec(s);
  if (m === null) return REFUSED;
  const digits = m[2] as string;
  const text = m[1] === '-' && digits !== '0' ? `-${digits}` : digits;
  return text === s ? s : text;
}

/** Why a string was refused, without the string (it may be a secret). */
export function refusedString(type: 's' | 'i' | 'n' | 'b'): string {
  switch (type) {
    case 'i':
      return 'a string that is not a whole decimal number';
    case 'n':
      return 'a string that is not a decimal number';
    case 'b':
      return "a string other than 'true'/'false'";
    case 's':
      return 'string';
  }
}
