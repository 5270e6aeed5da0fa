// Every text the form renderer shows (German). A second language is a second object like this one.
export const formStrings = {
  required: "Pflichtfeld",
  requiredNote: "Felder mit * sind Pflichtfelder.",
  chooseOption: "Bitte wählen",
  missing: "Bitte füllen Sie dieses Feld aus.",
  missingChoice: "Bitte wählen Sie eine Möglichkeit aus.",
  pattern: "Bitte prüfen Sie die Schreibweise.",
  integer: "Bitte geben Sie eine ganze Zahl ein.",
  number: "Bitte geben Sie eine Zahl ein.",
  email: "Bitte geben Sie eine E-Mail-Adresse in der Form name@beispiel.de ein.",
  date: "Bitte geben Sie ein Datum an.",
  serverRejected: "Der Server hat diese Angabe abgelehnt:",
  notAllowed: (values) => `Diese Auswahl ist nicht möglich. Möglich sind: ${values.join(", ")}.`,
  summaryTitle: (count) => (count === 1 ? "Es gibt 1 Fehler" : `Es gibt ${count} Fehler`),
  summaryIntro: "Bitte korrigieren Sie die folgenden Angaben:",
  yes: "Ja",
  no: "Nein",
};
