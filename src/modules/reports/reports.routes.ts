import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../server/context';
import { errorSchema } from '../auth/auth.schemas';
import {
  activityDocument,
  attendanceDocument,
  classAnalysisDocument,
  controlDocument,
  controlPageDocument,
  performanceDocument,
  type ReportDocument,
  regionDocument,
  subjectAnalysisDocument,
} from './reports.document';
import { renderReportPdf } from './reports.pdf';
import {
  activityQuery,
  activityReport,
  attendanceQuery,
  attendanceReport,
  classAnalysis,
  controlPageReport,
  controlQuery,
  controlReport,
  fileFormat,
  performanceChoices,
  performanceQuery,
  performanceReport,
  periodQuery,
  rangeQuery,
  regionQuery,
  regionReport,
  regionSchools,
  subjectAnalysis,
} from './reports.schemas';
import { makeReportsService } from './reports.service';
import { renderReportXlsx } from './reports.xlsx';

const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
const asFile = { format: fileFormat };
const controlFile = controlQuery.extend(asFile);
const rangeFile = rangeQuery.extend(asFile);
const activityFile = activityQuery.extend(asFile);
const performanceFile = performanceQuery.extend(asFile);
const attendanceFile = attendanceQuery.extend(asFile);
const periodFile = periodQuery.extend(asFile);
const regionFile = regionQuery.extend(asFile);
const fileResponse = { 200: z.any().meta({ description: 'PDF или XLSX' }), ...errors };

const TYPES = { pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/** The same structure as the JSON route, drawn as PDF or XLSX. */
async function sendFile(reply: FastifyReply, format: 'pdf' | 'xlsx', doc: ReportDocument) {
  const body = format === 'pdf' ? await renderReportPdf(doc) : await renderReportXlsx(doc);
  return reply
    .header('Content-Type', TYPES[format])
    .header('Content-Disposition', `attachment; filename="${doc.fileName}.${format}"`)
    .header('Cache-Control', 'no-store')
    .send(body);
}

/**
 * Reports [DOMAIN §9]: each report has a JSON route and a `/file?format=pdf|xlsx` twin with the same
 * query; both call the same service function, so the screen and the files show the same figures.
 */
export async function reportsRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = makeReportsService(deps);
  const tags = ['reports'];

  // ───── control of journal keeping
  const controlSummary = 'Контроль ведения журнала за период: по страницам, учителям, классам, предметам [000 §3.5], [003 §6.3]';
  r.get(
    '/api/reports/control',
    { schema: { tags, summary: controlSummary, querystring: controlQuery, response: { 200: controlReport, ...errors } } },
    async (req) => svc.control(req.actor!, req.query),
  );
  r.get(
    '/api/reports/control/file',
    { schema: { tags, summary: `${controlSummary} — файлом PDF или XLSX`, querystring: controlFile, response: fileResponse } },
    async (req, reply) => sendFile(reply, req.query.format, controlDocument(await svc.control(req.actor!, req.query))),
  );

  const pageSummary = 'Контроль ведения одной страницы журнала: ученики, уроки, поздние отметки, КТП';
  const pageParams = z.object({ pageId: z.uuid() });
  r.get(
    '/api/reports/control/pages/:pageId',
    {
      schema: { tags, summary: pageSummary, params: pageParams, querystring: rangeQuery, response: { 200: controlPageReport, ...errors } },
    },
    async (req) => svc.controlPage(req.actor!, req.params.pageId, req.query),
  );
  r.get(
    '/api/reports/control/pages/:pageId/file',
    { schema: { tags, summary: `${pageSummary} — файлом`, params: pageParams, querystring: rangeFile, response: fileResponse } },
    async (req, reply) =>
      sendFile(reply, req.query.format, controlPageDocument(await svc.controlPage(req.actor!, req.params.pageId, req.query))),
  );

  // ───── activity
  const activitySummary =
    'Активность: входы и просмотры дневника сотрудниками, родителями, учениками по неделям или месяцам [000 §9], [002 §5.1]';
  r.get(
    '/api/reports/activity',
    { schema: { tags, summary: activitySummary, querystring: activityQuery, response: { 200: activityReport, ...errors } } },
    async (req) => svc.activity(req.actor!, req.query),
  );
  r.get(
    '/api/reports/activity/file',
    { schema: { tags, summary: `${activitySummary} — файлом`, querystring: activityFile, response: fileResponse } },
    async (req, reply) => sendFile(reply, req.query.format, activityDocument(await svc.activity(req.actor!, req.query))),
  );

  // ───── performance and quality
  const performanceSummary =
    'Успеваемость и качество знаний за период или год по классам, предметам, учителям, параллелям [000 §9], [002 §5.3]';
  r.get(
    '/api/reports/performance',
    { schema: { tags, summary: performanceSummary, querystring: performanceQuery, response: { 200: performanceReport, ...errors } } },
    async (req) => svc.performance(req.actor!, req.query),
  );
  r.get(
    '/api/reports/performance/file',
    { schema: { tags, summary: `${performanceSummary} — файлом`, querystring: performanceFile, response: fileResponse } },
    async (req, reply) => sendFile(reply, req.query.format, performanceDocument(await svc.performance(req.actor!, req.query))),
  );
  r.get(
    '/api/reports/periods',
    {
      schema: {
        tags,
        summary: 'Периоды текущего учебного года для выбора в отчётах',
        querystring: z.object({ schoolId: z.uuid().optional(), classId: z.uuid().optional(), pageId: z.uuid().optional() }),
        response: { 200: performanceChoices, ...errors },
      },
    },
    async (req) => svc.periods(req.actor!, req.query),
  );

  // ───── attendance
  const attendanceSummary = 'Посещаемость по классам за неделю или месяц: пропуски на ученика, уважительные и нет, опоздания [002 §4.5]';
  r.get(
    '/api/reports/attendance',
    { schema: { tags, summary: attendanceSummary, querystring: attendanceQuery, response: { 200: attendanceReport, ...errors } } },
    async (req) => svc.attendance(req.actor!, req.query),
  );
  r.get(
    '/api/reports/attendance/file',
    { schema: { tags, summary: `${attendanceSummary} — файлом`, querystring: attendanceFile, response: fileResponse } },
    async (req, reply) => sendFile(reply, req.query.format, attendanceDocument(await svc.attendance(req.actor!, req.query))),
  );

  // ───── analyses after a period
  const subjectSummary = 'Анализ успеваемости учителя по предмету (странице журнала) за период [003 §3.3]';
  r.get(
    '/api/reports/subject-analysis/:pageId',
    {
      schema: {
        tags,
        summary: subjectSummary,
        params: pageParams,
        querystring: periodQuery,
        response: { 200: subjectAnalysis, ...errors },
      },
    },
    async (req) => svc.subjectAnalysis(req.actor!, req.params.pageId, req.query),
  );
  r.get(
    '/api/reports/subject-analysis/:pageId/file',
    { schema: { tags, summary: `${subjectSummary} — файлом`, params: pageParams, querystring: periodFile, response: fileResponse } },
    async (req, reply) =>
      sendFile(reply, req.query.format, subjectAnalysisDocument(await svc.subjectAnalysis(req.actor!, req.params.pageId, req.query))),
  );

  const classSummary = 'Анализ успеваемости класса классным руководителем за период [003 §3.3]';
  const classParams = z.object({ classId: z.uuid() });
  r.get(
    '/api/reports/class-analysis/:classId',
    { schema: { tags, summary: classSummary, params: classParams, querystring: periodQuery, response: { 200: classAnalysis, ...errors } } },
    async (req) => svc.classAnalysis(req.actor!, req.params.classId, req.query),
  );
  r.get(
    '/api/reports/class-analysis/:classId/file',
    { schema: { tags, summary: `${classSummary} — файлом`, params: classParams, querystring: periodFile, response: fileResponse } },
    async (req, reply) =>
      sendFile(reply, req.query.format, classAnalysisDocument(await svc.classAnalysis(req.actor!, req.params.classId, req.query))),
  );

  // ───── region
  r.get(
    '/api/reports/region/schools',
    { schema: { tags, summary: 'Школы, закреплённые за методистом региона', response: { 200: regionSchools, ...errors } } },
    async (req) => svc.regionSchools(req.actor!),
  );
  const regionSummary = 'Сводные показатели по школам региона без персональных данных';
  r.get(
    '/api/reports/region',
    { schema: { tags, summary: regionSummary, querystring: regionQuery, response: { 200: regionReport, ...errors } } },
    async (req) => svc.region(req.actor!, req.query),
  );
  r.get(
    '/api/reports/region/file',
    { schema: { tags, summary: `${regionSummary} — файлом`, querystring: regionFile, response: fileResponse } },
    async (req, reply) => sendFile(reply, req.query.format, regionDocument(await svc.region(req.actor!, req.query))),
  );
}
