// German formats: dates "27.11.2026", times "27.11.2026, 14:05", money "12,00 €", shown in the
// tenant's time zone (the demo municipalities are all in Europe/Berlin).
export const TIME_ZONE = "Europe/Berlin";

const dateFormat = new Intl.DateTimeFormat("de-DE", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: TIME_ZONE });
const timeFormat = new Intl.DateTimeFormat("de-DE", {
  day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: TIME_ZONE,
});
const moneyFormat = new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" });

export function formatDate(iso) {
  if (!iso) return "";
  // A calendar date ("1985-03-01") is a day, not an instant: no time-zone shift.
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) {
    const [y, m, d] = iso.split("-");
    return `${d}.${m}.${y}`;
  }
  return dateFormat.format(new Date(iso));
}

export function formatDateTime(iso) {
  return iso ? timeFormat.format(new Date(iso)) : "";
}

export function formatMoney(amount) {
  return typeof amount === "number" ? moneyFormat.format(amount) : "";
}

export function formatBytes(size) {
  if (size < 1024) return `${size} Byte`;
  if (size < 1024 * 1024) return `${(size / 1024).toLocaleString("de-DE", { maximumFractionDigits: 1 })} KB`;
  return `${(size / 1024 / 1024).toLocaleString("de-DE", { maximumFractionDigits: 1 })} MB`;
}
