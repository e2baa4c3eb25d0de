// Message shapes between content scripts / options page and the background engine host.
// Ports carry checks (request/response matched by id); one-shot messages carry status and settings.

export const PORT_NAME = 'postcheck';

// content -> background over the port
export const CHECK = 'check';           // { type, id, text, site }
export const KEEPALIVE = 'keepalive';   // { type } every 20 s while a composer is focused (keeps the SW warm)
// background -> content over the port
export const RESULT = 'result';         // { type, id, ok, findings, truncated, error? }

// one-shot runtime messages
export const STATUS = 'status';         // -> { engine, ruleset, settings, rulesetUpdate, ... }
export const UPDATE_NOW = 'update-now'; // options page "check for ruleset update now"
// content -> background: whether PostCheck is checking the box in use in this tab (sets the toolbar icon's state)
export const CHECKING_STATE = 'checking-state'; // { type, checking: boolean }
