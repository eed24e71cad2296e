const DECIMAL = /^-?\d{1,30}(?:\.\d{1,30})?$/;

/** A plain decimal number (`-12`, `3.5`); anything else (hex, exponents, `NaN`, blanks) is not a number. */
export function parseDecimal(text: string): number | undefined {
  return DECIMAL.test(text) ? Number(text) : undefined;
}
