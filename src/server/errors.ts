/**
 * Errors are values with codes (CONVENTIONS habit 5). Services throw AppError('journal.period_closed', …);
 * one handler maps the code's kind to an HTTP status; the message is Russian and safe to show.
 */
export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'too_many'
  | 'too_large'
  | 'unavailable'
  | 'internal';

const statusOf: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  too_many: 429,
  too_large: 413,
  unavailable: 503,
  internal: 500,
};

/** Every code the API may answer, with its kind and default Russian message. */
export const ERROR_CODES = {
  'request.invalid': ['validation', 'Неверные данные запроса'],
  'request.too_large': ['too_large', 'Слишком большой запрос'],
  'auth.required': ['unauthenticated', 'Требуется вход в систему'],
  'auth.invalid_credentials': ['unauthenticated', 'Неверный логин или пароль'],
  'auth.totp_required': ['unauthenticated', 'Введите код из приложения-аутентификатора'],
  'auth.totp_invalid': ['unauthenticated', 'Неверный код подтверждения'],
  'auth.totp_setup_required': ['forbidden', 'Для этой роли требуется двухфакторный вход: настройте приложение-аутентификатор'],
  'auth.locked': ['too_many', 'Слишком много неудачных попыток входа. Повторите позже'],
  'auth.blocked': ['unauthenticated', 'Учётная запись заблокирована. Обратитесь к администратору'],
  'auth.csrf': ['forbidden', 'Запрос отклонён: нет или неверен заголовок X-CSRF-Token'],
  'auth.password_change_required': ['forbidden', 'Необходимо сменить пароль, выданный администратором'],
  'auth.password_wrong': ['validation', 'Текущий пароль указан неверно'],
  'auth.password_weak': ['validation', 'Пароль слишком простой'],
  'access.forbidden': ['forbidden', 'Недостаточно прав'],
  not_found: ['not_found', 'Не найдено'],
  'conflict.stale': ['conflict', 'Запись уже изменена другим пользователем'],
  'conflict.duplicate': ['conflict', 'Такая запись уже существует'],
  'conflict.idempotency': ['conflict', 'Ключ Idempotency-Key уже использован для другого запроса'],
  'journal.period_closed': ['locked', 'Период закрыт: изменения запрещены'],
  'journal.edit_window_passed': ['locked', 'Срок редактирования истёк'],
  'journal.outside_period': ['validation', 'Дата вне учебных периодов'],
  'journal.grade1_no_marks': ['validation', 'В 1 классе отметки не выставляются'],
  'journal.invalid_mark': ['validation', 'Недопустимая отметка'],
  'journal.invalid_attendance': ['validation', 'Недопустимая отметка посещаемости'],
  'journal.student_not_on_page': ['validation', 'Ученик не числится на этой странице журнала в дату урока'],
  'school.conflict': ['conflict', 'Конфликт данных'],
  'school.invalid': ['validation', 'Неверные данные'],
  'import.invalid': ['validation', 'Файл содержит ошибки'],
  'service.unavailable': ['unavailable', 'Сервис временно недоступен, повторите через минуту'],
  internal: ['internal', 'Внутренняя ошибка сервера'],
} as const satisfies Record<string, readonly [ErrorKind, string]>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message ?? ERROR_CODES[code][1]);
    this.status = statusOf[ERROR_CODES[code][0]];
  }
}

/** The 404 that every object outside the actor's scope answers, so ids cannot be probed. */
export const notFound = (what = 'Объект') => new AppError('not_found', `${what} не найден(а)`);

/** A validation error naming the field at fault. */
export const invalid = (field: string, message: string, code: ErrorCode = 'request.invalid') =>
  new AppError(code, message, { fields: [{ field, message }] });

export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}
