import { toCsv, type ExportFormat } from '@attendance/protocol';
import ExcelJS from 'exceljs';
import type { ExportTable } from './export-table.js';

export interface ExportFile {
  body: Buffer;
  contentType: string;
  fileName: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A table as a CSV (the shared writer, formulas defused) or an XLSX workbook of one sheet (exceljs; text
 * cells are written as text, never as formulas). `baseName` has no extension.
 */
export async function exportFile(
  table: ExportTable,
  format: ExportFormat,
  baseName: string,
): Promise<ExportFile> {
  const fileName = `${baseName}.${format}`;
  if (format === 'csv') {
    // A byte-order mark so spreadsheet programs read the UTF-8 names right.
    const body = Buffer.from(`\uFEFF${toCsv(table.columns, table.rows)}`, 'utf8');
    return { body, contentType: CONTENT_TYPES.csv, fileName };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(table.sheet);
  sheet.addRow(table.columns).font = { bold: true };
  sheet.addRows(table.rows);
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  table.columns.forEach((title, index) => {
    sheet.getColumn(index + 1).width = Math.min(40, Math.max(10, title.length + 2));
  });
  const body = Buffer.from(await workbook.xlsx.writeBuffer());
  return { body, contentType: CONTENT_TYPES.xlsx, fileName };
}
