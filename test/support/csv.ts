/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF line ends) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/**
 * The records as objects keyed by the header row. Stricter than `parseCsv` for reports: the text ends with
 * CRLF and every record has the header's field count, so a field that should have been quoted fails.
 */
export function csvObjects(text: string): Record<string, string>[] {
  if (!text.endsWith('\r\n')) throw new Error('a CSV report ends its last record with CRLF');
  const [header, ...records] = parseCsv(text);
  for (const record of records)
    if (record.length !== header.length) throw new Error('a record has the wrong field count');
  return records.map((record) => Object.fromEntries(header.map((name, k) => [name, record[k]])));
}
