// htm bound to Preact: components are written as tagged templates, without a JSX build step.
// Values in templates are text, never markup: Preact escapes them, which is why case data (citizen
// input) can never become HTML here.
import { h } from "preact";
import htm from "htm";

export const html = htm.bind(h);
