/**
 * A strict RFC 4180 reader for tests: CRLF records, quoted fields with doubled quotes and embedded commas or
 * line breaks. Throws on anything else, so a report that is not valid CSV fails the test.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const field = (): string => {
    if (text[i] !== '"') {
      const end = text.slice(i).search(/,|\r\n/);
      const value = end < 0 ? text.slice(i) : text.slice(i, i + end);
      if (value.includes('"') || value.includes('\n') || value.includes('\r'))
        throw new Error(`unquoted field with a quote or line break at ${i}`);
      i += value.length;
      return value;
    }
    let value = '';
    i++;
    for (;;) {
      if (i >= text.length) throw new Error('unterminated quoted field');
      if (text[i] === '"') {
        if (text[i + 1] === '"') {
          value += '"';
          i += 2;
          continue;
        }
        i++;
        return value;
      }
      value += text[i++];
    }
  };
  while (i < text.length) {
    record.push(field());
    if (text[i] === ',') {
      i++;
    } else if (text.startsWith('\r\n', i)) {
      i += 2;
      records.push(record);
      record = [];
    } else if (i < text.length) {
      throw new Error(`expected a comma or CRLF at ${i}`);
    }
  }
  if (record.length > 0) records.push(record);
  return records;
}

/** The records as objects keyed by the header row. */
export function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  for (const row of rows)
    if (row.length !== header.length) throw new Error('a record has the wrong field count');
  return rows.map((row) => Object.fromEntries(header.map((name, k) => [name, row[k]])));
}
