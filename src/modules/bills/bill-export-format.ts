import writeXlsxFile, { type Row } from 'write-excel-file/node';
import { EXPORT_COLUMNS, type ExportTable } from './export-bills.ts';

/** Writing an export table as CSV or XLSX. The first row holds the headers. */

/**
 * RFC 4180 CSV in UTF-8 with a byte-order mark (spreadsheet programs then read Chinese names
 * right). Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is prefixed
 * with a quote; amounts are plain decimal text.
 */
export function toCsv(table: ExportTable): Buffer {
  const cell = (v: string | number | null, i: number) => {
    if (v === null) return '';
    let text = String(v);
    if (EXPORT_COLUMNS[i]?.kind === 'text' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = table.rows.map((row) => row.map(cell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** One sheet; amounts are numbers shown with 2 decimals, integers as numbers, the rest text. */
export async function toXlsx(table: ExportTable): Promise<Buffer> {
  const [headers, ...body] = table.rows;
  const data: Row[] = [
    (headers ?? []).map((h) => ({ value: String(h), fontWeight: 'bold' as const })),
    ...body.map((row) =>
      row.map((v, i) => {
        const kind = EXPORT_COLUMNS[i]?.kind;
        if (v === null || v === '') return null;
        if (kind === 'amount') return { value: Number(v), type: Number, format: '0.00' };
        if (kind === 'integer') return { value: Number(v), type: Number };
        return { value: String(v), type: String };
      }),
    ),
  ];
  return writeXlsxFile(data, { sheet: 'bills' }).toBuffer();
}
