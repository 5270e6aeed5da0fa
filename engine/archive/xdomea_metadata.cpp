// Writes the xdomea-oriented metadata file (see xdomea_metadata.hpp).
#include "engine/archive/xdomea_metadata.hpp"

namespace amtsweg {

namespace {

std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string element(const std::string& name, const std::string& text) {
  return "<" + name + ">" + escaped(text) + "</" + name + ">";
}

std::string date_of(Timestamp t) { return format_timestamp(t).substr(0, 10); }

std::string document_xml(const ArchiveDocument& d) {
  return "      <Dokument>\n"
         "        <Identifikation>" +
         element("ID", d.id) +
         "</Identifikation>\n"
         "        <AllgemeineMetadaten>" +
         element("Betreff", d.name) +
         "</AllgemeineMetadaten>\n"
         "        " +
         element("Datum", date_of(d.added_at)) +
         "\n"
         "        <Format>" +
         element("Name", d.content_type) +
         "</Format>\n"
         "        <Datei>" +
         element("Pfad", d.path) + element("Groesse", std::to_string(d.size)) + "<Pruefsumme Verfahren=\"SHA-256\">" +
         d.sha256 +
         "</Pruefsumme></Datei>\n"
         "      </Dokument>\n";
}

}  // namespace

std::string xdomea_metadata(const ArchiveFacts& f) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!-- Oriented on xdomea (Schriftgutobjekt: Akte, Vorgang, Dokument); element names follow xdomea,\n"
      "     the file is not a schema-valid xdomea message. See the README of amtsweg. -->\n"
      "<Aussonderung xmlns=\"urn:amtsweg:xdomea-orientiert:1\">\n"
      "  " +
      element("Behoerde", f.tenant) +
      "\n"
      "  <Akte>\n"
      "    <Identifikation>" +
      element("ID", f.tenant + "/" + f.process_id) +
      "</Identifikation>\n"
      "    <AllgemeineMetadaten>" +
      element("Betreff", f.process_title) + element("Kennzeichen", f.process_id) +
      "</AllgemeineMetadaten>\n"
      "    <Vorgang>\n"
      "      <Identifikation>" +
      element("ID", f.case_id) +
      "</Identifikation>\n"
      "      <AllgemeineMetadaten>" +
      element("Betreff", f.process_title + ": " + f.state_title) + element("Kennzeichen", f.case_id) +
      "</AllgemeineMetadaten>\n"
      "      <Laufzeit>" +
      element("Beginn", date_of(f.created_at)) +
      (f.closed_at ? element("Ende", date_of(*f.closed_at)) : std::string("<Ende/>")) +
      "</Laufzeit>\n"
      "      " +
      element("Status", f.status) + element("Ergebnis", f.outcome) +
      element("Prozessversion", f.process_id + " v" + std::to_string(f.process_version)) + "\n";
  // The retention rule as the Aufbewahrungsdauer, its end as the Fristende; "B": the archive appraises.
  xml +=
      "      <Archivbewertung>" + element("Aussonderungsart", "B") + element("Aufbewahrungsdauer", f.retention_rule) +
      (f.retention_until ? element("Fristende", date_of(*f.retention_until)) : std::string()) + "</Archivbewertung>\n";
  xml += "      <Historie>" + element("Eintraege", std::to_string(f.history_length)) + element("Kopf", f.history_head) +
         element("Datei", "history.jsonl") + "</Historie>\n";
  for (const auto& document : f.documents) xml += document_xml(document);
  xml += "    </Vorgang>\n  </Akte>\n</Aussonderung>\n";
  return xml;
}

}  // namespace amtsweg
