import { russianPdf } from '../documents/pdf';

export interface Slip {
  name: string;
  role: string;
  className: string | null;
  login: string;
  password: string;
}

const COLS = 2;
const SLIP_H = 142;
const HEADING_H = 34;

/**
 * Cut-out slips with credentials, one group (class, or staff) per page run [002 §3.2], [000 §3.2]:
 * two columns of dashed boxes, each with the school, the person, the login, the one-time password,
 * where to sign in and the rule to keep the password secret [004 teacher].
 */
export async function slipsPdf(input: { schoolName: string; signInUrl: string; slips: Slip[] }): Promise<Buffer> {
  const pdf = russianPdf({ title: 'Реквизиты доступа', margin: 36 });
  const { doc } = pdf;
  const groups = new Map<string, Slip[]>();
  for (const s of input.slips) {
    const key = s.className ? `Класс ${s.className}` : 'Сотрудники';
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  if (groups.size === 0) groups.set('Реквизиты доступа', []);
  const left = doc.page.margins.left;
  const top = doc.page.margins.top;
  const width = doc.page.width - left - doc.page.margins.right;
  const slipW = width / COLS;
  const rows = Math.floor((doc.page.height - top - doc.page.margins.bottom - HEADING_H) / SLIP_H);
  let first = true;
  for (const [title, slips] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b, 'ru', { numeric: true }))) {
    for (let start = 0; start === 0 || start < slips.length; start += rows * COLS) {
      if (!first) doc.addPage();
      first = false;
      pdf.text(`${input.schoolName} — реквизиты доступа: ${title}`, { x: left, y: top, width, size: 13, weight: 'bold' });
      slips.slice(start, start + rows * COLS).forEach((s, i) => {
        const x = left + (i % COLS) * slipW;
        const y = top + HEADING_H + Math.floor(i / COLS) * SLIP_H;
        doc.save().lineWidth(0.7).dash(4, { space: 3 }).strokeColor('#777777').rect(x, y, slipW, SLIP_H).stroke().restore();
        const inner = { x: x + 10, w: slipW - 20 };
        pdf.text(input.schoolName, { x: inner.x, y: y + 8, width: inner.w, size: 8, color: '#444444' });
        pdf.text(s.name, { x: inner.x, y: y + 22, width: inner.w, size: 12, weight: 'bold' });
        pdf.text(`${s.role}${s.className ? `, ${s.className}` : ''}`, { x: inner.x, y: y + 40, width: inner.w, size: 9 });
        pdf.text(`Логин: ${s.login}`, { x: inner.x, y: y + 56, width: inner.w, size: 12 });
        pdf.text(`Пароль: ${s.password}`, { x: inner.x, y: y + 74, width: inner.w, size: 12 });
        pdf.text(`Вход: ${input.signInUrl}`, { x: inner.x, y: y + 94, width: inner.w, size: 8 });
        pdf.text('Пароль одноразовый: при первом входе задайте свой. Никому не сообщайте пароль.', {
          x: inner.x,
          y: y + 108,
          width: inner.w,
          size: 7.5,
          color: '#444444',
        });
      });
    }
  }
  return pdf.toBuffer();
}
