// The state of a schema-driven form, shared by the Online-Antrag and the clerk's decision form:
// the data, the messages after a
// submit attempt, and the server's 422 details mapped onto the fields.
import { useMemo, useState } from "preact/hooks";
import { pruneHidden, serverErrors, setAt, validate } from "./schema.js";

export function useSchemaForm(schema, initial = {}) {
  const [data, setData] = useState(initial);
  const [submitted, setSubmitted] = useState(false);
  const [fromServer, setFromServer] = useState({});
  const all = useMemo(() => (schema ? validate(schema, pruneHidden(schema, data)) : {}), [schema, data]);
  const shown = {};
  // Messages appear after the first attempt to send (as GOV.UK and KERN advise: a message that
  // appears while leaving a field moves the layout under the pointer) and then follow every change.
  for (const [pointer, message] of Object.entries(all)) if (submitted) shown[pointer] = message;
  Object.assign(shown, fromServer);
  return {
    data,
    errors: shown,
    // Errors for the summary: only after a submit attempt.
    summary: submitted ? shown : {},
    onValue: (pointer, value) => {
      setData((current) => setAt(current, pointer, value));
      if (fromServer[pointer]) {
        const rest = { ...fromServer };
        delete rest[pointer];
        setFromServer(rest);
      }
    },
    onBlur: () => {},
    // Marks the form submitted; returns the data to send, or null while the browser finds errors.
    attempt: () => {
      setSubmitted(true);
      setFromServer({});
      return Object.keys(all).length ? null : pruneHidden(schema, data);
    },
    // Shows a 422's details at the fields; true when there were any.
    showServerErrors: (details) => {
      const mapped = serverErrors(details);
      setFromServer(mapped);
      setSubmitted(true);
      return Object.keys(mapped).length > 0;
    },
    reset: () => {
      setData({});
      setSubmitted(false);
      setFromServer({});
    },
  };
}
