/** RFC 4180 CSV (UTF-8, CRLF) of rows, for the datasets the platform writes itself. */
export function toCsv(header: string[], rows: (string | number | boolean | null | undefined)[][]): Buffer {
  const cell = (value: string | number | boolean | null | undefined) => {
    if (value === null || value === undefined) return '';
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [header, ...rows].map((row) => row.map(cell).join(','));
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}
