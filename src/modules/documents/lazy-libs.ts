import { createRequire } from 'node:module';
import type * as ExcelJSModule from 'exceljs';
import type PDFDocumentClass from 'pdfkit';

/**
 * exceljs and pdfkit are loaded on the first file made, not at start: together they hold ~40 MB that a
 * server answering diaries and journal pages never needs (issue #6: the server stays under 300 MB).
 * Both are CommonJS packages, so a synchronous require keeps the writers synchronous.
 */
const require = createRequire(import.meta.url);

let excel: typeof ExcelJSModule | undefined;
let pdfkit: typeof PDFDocumentClass | undefined;

/** The exceljs module (Workbook and friends). */
export function excelJs(): typeof ExcelJSModule {
  excel ??= require('exceljs') as typeof ExcelJSModule;
  return excel;
}

/** pdfkit's PDFDocument class. */
export function pdfDocument(): typeof PDFDocumentClass {
  pdfkit ??= require('pdfkit') as typeof PDFDocumentClass;
  return pdfkit;
}
