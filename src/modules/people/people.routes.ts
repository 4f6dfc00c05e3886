import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/policy';
import type { Deps } from '../../server/context';
import { AppError } from '../../server/errors';
import { idempotencyRepository } from '../idempotency/idempotency.repository';
import { errors, idParam, isoDate, schoolIdOpt, uuid } from '../structure/structure.schemas';
import { makeAuditSearchService } from './audit-search.service';
import { makeCredentialsService } from './credentials.service';
import { makeMovementService } from './movement.service';
import { makePeopleService } from './people.service';

const role = z.enum(ROLES);
const optText = (max: number) => z.string().max(max).nullish();
const documents = z
  .record(z.string().min(1).max(60), z.string().max(200))
  .refine((o) => Object.keys(o).length <= 30, 'не больше 30 документов')
  .describe('документы, какие нужны школе: {"Свидетельство о рождении": "II-АБ 123456", "СНИЛС": "…"}');

const cardFields = {
  middleName: optText(60),
  birthDate: isoDate.nullish(),
  gender: z.enum(['m', 'f']).nullish(),
  email: z.email('неверный адрес электронной почты').max(200).nullish(),
  phone: optText(40),
  address: optText(300),
  documents: documents.optional(),
  externalId: optText(64).describe('идентификатор во внешней системе (для повторного импорта)'),
};

const stay = z
  .object({
    classId: z.uuid(),
    className: z.string(),
    yearId: z.uuid(),
    yearName: z.string(),
    fromDate: z.string(),
    toDate: z.string().nullable(),
    arrivalKind: z.string().describe('initial, arrival, transfer, promotion, repeat'),
    arrivalOrder: z.string().nullable(),
    departureKind: z.string().nullable().describe('departure, transfer, promotion, graduation, repeat'),
    departureOrder: z.string().nullable(),
  })
  .meta({ id: 'ClassStay' });

const parentRef = z.object({
  id: z.uuid(),
  name: z.string(),
  relation: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
});

const personCard = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    name: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    middleName: z.string().nullable(),
    birthDate: z.string().nullable(),
    gender: z.enum(['m', 'f']).nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
    documents: z.record(z.string(), z.string()),
    externalId: z.string().nullable(),
    roles: z.array(role),
    account: z
      .object({ login: z.string(), blocked: z.boolean(), mustChangePassword: z.boolean(), lastLoginAt: z.string().nullable() })
      .nullable(),
    stays: z.array(stay),
    parents: z.array(parentRef),
    children: z.array(z.object({ id: z.uuid(), name: z.string(), relation: z.string(), className: z.string().nullable() })),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PersonCard' });

const personItem = z
  .object({
    id: z.uuid(),
    name: z.string(),
    lastName: z.string(),
    firstName: z.string(),
    middleName: z.string().nullable(),
    roles: z.array(role),
    className: z.string().nullable(),
    login: z.string().nullable(),
    hasLogin: z.boolean(),
    blocked: z.boolean(),
  })
  .meta({ id: 'PersonListItem' });

const slip = z
  .object({
    personId: z.uuid(),
    name: z.string(),
    role: z.string(),
    className: z.string().nullable(),
    login: z.string(),
    password: z.string().describe('одноразовый пароль: показывается только в этом ответе'),
  })
  .meta({ id: 'CredentialSlip' });

/**
 * People [DOMAIN §1], credentials [002 §3.2], movement [004 class teacher], [002 §4.6] and the audit
 * log search. Thin routes: schema + one service call.
 */
export async function peopleRoutes(app: FastifyInstance, deps: Deps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const people = makePeopleService(deps);
  const credentials = makeCredentialsService(deps);
  const movement = makeMovementService(deps);
  const audit = makeAuditSearchService(deps);
  const tags = ['people'];

  /**
   * Answers with one-time passwords must never be kept: the Idempotency-Key store saves responses for
   * 24 hours, so such a request is refused (and its key released) before anything is issued.
   */
  const noStoredPasswords = async (req: FastifyRequest) => {
    if (!req.idempotencyKey || !req.actor) return;
    await idempotencyRepository.release(deps.db, req.actor.accountId, req.idempotencyKey);
    req.idempotencyKey = undefined;
    throw new AppError(
      'request.invalid',
      'Заголовок Idempotency-Key не поддерживается при выдаче паролей: ответ с паролями не сохраняется',
      {
        fields: [{ field: 'Idempotency-Key', message: 'не поддерживается' }],
      },
    );
  };

  r.get(
    '/api/people',
    {
      schema: {
        tags,
        summary: 'Люди школы: сотрудники, ученики, родители (список без персональных данных карточки)',
        description: 'Администрация видит всю школу; с classId — ученики класса и их родители (для персонала класса).',
        querystring: z.object({
          schoolId: schoolIdOpt,
          role: role.optional(),
          classId: uuid.optional(),
          q: z.string().max(100).optional().describe('часть ФИО'),
          withLogin: z
            .enum(['true', 'false'])
            .optional()
            .describe('true — только те, у кого есть логин; false — только те, у кого его нет'),
          limit: z.coerce.number().int().min(1).max(500).optional(),
          offset: z.coerce.number().int().min(0).optional(),
        }),
        response: { 200: z.object({ total: z.number().int(), items: z.array(personItem) }), ...errors },
      },
    },
    async (req) =>
      people.list(req.actor!, { ...req.query, withLogin: req.query.withLogin === undefined ? undefined : req.query.withLogin === 'true' }),
  );

  r.post(
    '/api/people',
    {
      schema: {
        tags,
        summary: 'Добавить человека: сотрудника, ученика (в класс), родителя (к детям)',
        description:
          'Сотрудников добавляет администратор; ученика в класс и родителя к ученикам класса — классный руководитель. ' +
          'Тот же человек (ФИО + дата рождения или внешний id) второй раз не создаётся (409).',
        body: z.object({
          schoolId: schoolIdOpt,
          roles: z.array(role).min(1, 'укажите хотя бы одну роль').max(8),
          lastName: z.string().trim().min(1, 'укажите фамилию').max(60),
          firstName: z.string().trim().min(1, 'укажите имя').max(60),
          ...cardFields,
          classId: uuid.optional().describe('для ученика: класс'),
          enrollFrom: isoDate.optional().describe('для ученика: дата зачисления (по умолчанию сегодня или начало года)'),
          arrivalOrder: optText(60).describe('для ученика: номер приказа о зачислении'),
          childIds: z.array(uuid).max(20).optional().describe('для родителя: дети'),
          relation: z.string().trim().max(30).optional().describe('кем приходится: мать, отец, опекун…'),
        }),
        response: { 200: personCard, ...errors },
      },
    },
    async (req) => people.create(req.actor!, req.body),
  );

  r.get(
    '/api/people/:id',
    {
      schema: {
        tags,
        summary: 'Карточка человека (чтение карточки ученика сотрудником записывается в журнал аудита)',
        params: idParam,
        response: { 200: personCard, ...errors },
      },
    },
    async (req) => people.getCard(req.actor!, req.params.id),
  );

  r.patch(
    '/api/people/:id',
    {
      schema: {
        tags,
        summary: 'Изменить данные карточки (изменения записываются в журнал аудита)',
        params: idParam,
        body: z.object({
          lastName: z.string().trim().min(1).max(60).optional(),
          firstName: z.string().trim().min(1).max(60).optional(),
          ...cardFields,
        }),
        response: { 200: personCard, ...errors },
      },
    },
    async (req) => people.update(req.actor!, req.params.id, req.body),
  );

  r.put(
    '/api/people/:id/roles',
    {
      schema: {
        tags,
        summary: 'Роли человека в школе (права; только администратор)',
        params: idParam,
        body: z.object({ roles: z.array(role).max(8) }),
        response: { 200: personCard, ...errors },
      },
    },
    async (req) => people.setRoles(req.actor!, req.params.id, req.body.roles),
  );

  r.post(
    '/api/people/:id/parents',
    {
      schema: {
        tags,
        summary: 'Связать ученика с родителем (законным представителем)',
        params: idParam,
        body: z.object({ parentId: uuid, relation: z.string().trim().max(30).optional() }),
        response: { 200: z.array(parentRef), ...errors },
      },
    },
    async (req) => people.linkParent(req.actor!, req.params.id, req.body),
  );

  r.delete(
    '/api/people/:id/parents/:parentId',
    {
      schema: {
        tags,
        summary: 'Убрать связь ученика с родителем',
        params: z.object({ id: uuid, parentId: uuid }),
        response: { 200: z.array(parentRef), ...errors },
      },
    },
    async (req) => people.unlinkParent(req.actor!, req.params.id, req.params.parentId),
  );

  // ───────────── credentials ─────────────
  r.post(
    '/api/credentials/issue',
    {
      preHandler: noStoredPasswords,
      schema: {
        tags: ['credentials'],
        summary:
          'Выдать реквизиты доступа: логины и одноразовые пароли (сотрудникам — администратор, ученикам и родителям класса — классный руководитель)',
        description:
          'Либо personIds, либо classId + who, либо allStaff (все сотрудники школы — решает сервер, без ограничения числа). Пароли показываются один раз — в этом ответе; для печати отправьте slips в POST /api/credentials/slips.pdf. ' +
          'Уже имеющие логин пропускаются (skipped), если не указан reissue.',
        body: z.object({
          schoolId: schoolIdOpt,
          personIds: z.array(uuid).max(2000).optional(),
          classId: uuid.optional(),
          who: z.enum(['students', 'parents', 'both']).optional().describe('для classId: ученики (по умолчанию), родители или все'),
          allStaff: z
            .boolean()
            .optional()
            .describe('все сотрудники школы (администратор): без логина, а с reissue — и с логином (кроме вас самих)'),
          reissue: z.boolean().optional().describe('выдать новый одноразовый пароль тем, у кого логин уже есть'),
        }),
        response: {
          200: z.object({
            schoolId: z.uuid(),
            slips: z.array(slip),
            skipped: z.array(z.object({ personId: z.uuid(), name: z.string(), reason: z.string() })),
          }),
          ...errors,
        },
      },
    },
    async (req) => credentials.issue(req.actor!, req.body),
  );

  r.post(
    '/api/credentials/slips.pdf',
    {
      schema: {
        tags: ['credentials'],
        summary: 'PDF для печати: реквизиты доступа на отрезных карточках, по классам',
        description: 'Ответ — application/pdf. Сервер паролей не хранит: передайте slips, полученные при выдаче или сбросе.',
        body: z.object({
          schoolId: schoolIdOpt,
          slips: z
            .array(
              z.object({
                name: z.string().max(200),
                role: z.string().max(60),
                className: z.string().max(60).nullable(),
                login: z.string().max(100),
                password: z.string().max(100),
              }),
            )
            .max(2000),
        }),
      },
    },
    async (req, reply) => {
      const pdf = await credentials.slipsPdf(req.actor!, req.body);
      reply
        .header('Content-Type', 'application/pdf')
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('Реквизиты доступа.pdf')}`)
        .header('Cache-Control', 'no-store');
      return reply.send(pdf);
    },
  );

  r.post(
    '/api/accounts/:personId/reset',
    {
      preHandler: noStoredPasswords,
      schema: {
        tags: ['credentials'],
        summary: 'Сбросить пароль: новый одноразовый пароль, все сеансы завершаются',
        params: z.object({ personId: uuid }),
        response: { 200: slip, ...errors },
      },
    },
    async (req) => credentials.reset(req.actor!, req.params.personId),
  );

  const blockResult = z.object({ personId: z.uuid(), login: z.string(), blocked: z.boolean() });
  r.post(
    '/api/accounts/:personId/block',
    {
      schema: {
        tags: ['credentials'],
        summary: 'Заблокировать вход (сеансы завершаются сразу)',
        params: z.object({ personId: uuid }),
        body: z.object({ reason: z.string().max(300).nullish() }).optional(),
        response: { 200: blockResult, ...errors },
      },
    },
    async (req) => credentials.setBlocked(req.actor!, req.params.personId, true, req.body?.reason),
  );

  r.post(
    '/api/accounts/:personId/unblock',
    {
      schema: {
        tags: ['credentials'],
        summary: 'Разблокировать вход',
        params: z.object({ personId: uuid }),
        body: z.object({ reason: z.string().max(300).nullish() }).optional(),
        response: { 200: blockResult, ...errors },
      },
    },
    async (req) => credentials.setBlocked(req.actor!, req.params.personId, false, req.body?.reason),
  );

  // ───────────── movement ─────────────
  r.post(
    '/api/students/:id/movements',
    {
      schema: {
        tags: ['movement'],
        summary: 'Движение ученика по приказу: прибытие, выбытие, перевод в другой класс',
        description:
          'date — первый день нового состояния: при выбытии и переводе прежнее пребывание заканчивается накануне. ' +
          'Отметки и пропуски остаются там, где поставлены. Ученик не может быть в двух классах одновременно (409).',
        params: idParam,
        body: z.object({
          kind: z.enum(['arrival', 'departure', 'transfer']),
          date: isoDate,
          orderNumber: z.string().trim().min(1, 'укажите номер приказа').max(60),
          toClassId: uuid.nullish().describe('для прибытия и перевода'),
        }),
        response: { 200: z.array(stay), ...errors },
      },
    },
    async (req) => movement.move(req.actor!, req.params.id, req.body),
  );

  r.get(
    '/api/students/:id/movements',
    {
      schema: {
        tags: ['movement'],
        summary: 'История движения ученика (все годы)',
        params: idParam,
        response: { 200: z.array(stay), ...errors },
      },
    },
    async (req) => movement.studentHistory(req.actor!, req.params.id),
  );

  r.get(
    '/api/classes/:id/movements',
    {
      schema: {
        tags: ['movement'],
        summary: 'Движение учащихся класса: прибытия и выбытия с приказами',
        params: idParam,
        response: { 200: z.array(stay.extend({ studentId: z.uuid(), studentName: z.string() })), ...errors },
      },
    },
    async (req) => movement.classHistory(req.actor!, req.params.id),
  );

  // ───────────── audit ─────────────
  r.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary:
          'Журнал аудита: изменения людей и прав, чтения карточек учеников, закрытие периодов, реквизиты — и история журнала (отметки, посещаемость, темы, домашние задания, итоговые отметки)',
        description:
          'Новые записи сверху. История журнала приходит действиями «journal.<что>.<create|update|delete>» (journal.mark, journal.attendance, journal.final_mark, journal.topic, journal.homework, journal.work, journal.plan); объект отметки, пропуска и итоговой отметки — ученик. Входы в систему — действиями «auth.<событие>» (auth.login_ok, auth.login_bad_password, auth.login_bad_totp, auth.login_blocked, auth.login_locked_account, auth.login_locked_ip, auth.password_changed, auth.totp_enabled); объект — человек школы, чья это учётная запись, в подробностях — IP-адрес и введённый логин.',
        querystring: z.object({
          schoolId: schoolIdOpt,
          from: z.iso.datetime({ offset: true }).or(isoDate).optional().describe('с этого момента (дата — с её начала)'),
          to: z.iso.datetime({ offset: true }).or(isoDate).optional().describe('до этого момента, не включая его (дата — до её начала)'),
          action: z
            .string()
            .max(60)
            .optional()
            .describe(
              'начало кода действия, например «credentials.», «student.card_read», «journal.mark», «journal.» (вся история журнала) или «auth.» (входы в систему)',
            ),
          objectId: z.string().max(64).optional().describe('объект: человек (ученик — и его отметки, пропуски, итоговые), класс, урок…'),
          actorAccountId: uuid.optional(),
          actorPersonId: uuid.optional().describe('кто сделал: человек школы (его учётная запись)'),
          limit: z.coerce.number().int().min(1).max(500).optional(),
          offset: z.coerce.number().int().min(0).optional(),
        }),
        response: {
          200: z.array(
            z
              .object({
                id: z.number(),
                key: z.string().describe('уникальный ключ записи: источник и номер'),
                source: z
                  .enum(['audit', 'journal', 'auth'])
                  .describe('audit — журнал аудита, journal — история журнала, auth — входы в систему'),
                at: z.string(),
                actorAccountId: z.string().nullable(),
                actorLogin: z.string().nullable(),
                actorName: z.string().nullable(),
                action: z.string(),
                objectKind: z.string(),
                objectId: z.string().nullable(),
                objectName: z.string().nullable().describe('ФИО, если объект — человек школы'),
                details: z.record(z.string(), z.unknown()).describe('подробности; у истории журнала — old, new, reason'),
              })
              .meta({ id: 'AuditRecord' }),
          ),
          ...errors,
        },
      },
    },
    async (req) => audit.search(req.actor!, req.query),
  );
}
