# Regenerates the committed seed corpora (tests/fuzz/corpus/*): small, readable starting points for each harness.
import os, pathlib

here = pathlib.Path(__file__).parent
rl = here / "corpus" / "fuzz_ruleset_load"
ck = here / "corpus" / "fuzz_check"
rl.mkdir(parents=True, exist_ok=True)
ck.mkdir(parents=True, exist_ok=True)

rule_seeds = {
    "header.json": '{ "ruleset": { "name": "seed", "version": "1.0.0", "term_sets": { "pw": ["patient~", "pt"] } } }',
    "rules_terms.json": '''// a rule file with comments
{ "rules": [ { "id": "patient_confidentiality.seed", "category": "patient_confidentiality",
  "severity": {"low": "info", "medium": "warn", "high": "block"}, "title": "t", "message": "m {trust.name}",
  "advice": "a {contacts.communications.phone}", "confidence": "low",
  "match": {"near": [{"terms_ref": "pw"}, {"detector": "ward_bed"}], "within": 8},
  "evidence": [{"match": {"terms": ["nurs*"]}, "within": "sentence"}],
  "unless": {"terms": ["fictional"]}, "allow": ["pt 1"],
  "examples": {"flag": ["[[patient]] in bed 4"], "pass": ["bed 4 cleaned"]} } ] }''',
    "rules_regex.json": '{"rules":[{"id":"offensive_content.r","category":"offensive_content","severity":"warn","title":"t","message":"m","advice":"a","match":{"regex":"\\\\b(a+)+$","fold":"obfuscated"},"examples":{"flag":[],"pass":[]}}]}',
    "rules_logic.json": '{"rules":[{"id":"media_contact.x","category":"media_contact","severity":"info","title":"t","message":"m","advice":"a","match":{"all":[{"any":[{"terms":["journalist","reporter~"]},{"detector":"email"}]},{"not":{"terms":["views my own"]}}]},"sites":["x.com"],"min_evidence":0}]}',
    "trust.json": '''{ "trust": { "id": "zz", "name": "Seed Trust", "aliases": ["ST"], "handles": ["@seed"], "sites": ["Seed General"],
  "policy": {"title": "P", "short": "ST Pol 1", "url": ""},
  "contacts": {"communications": {"name": "Comms", "phone": "01234 567890", "extension": "", "email": "", "hours": ""},
               "raising_concerns": {"name": "R", "url": "", "freedom_to_speak_up": "G"}},
  "sections": {"patient_confidentiality": "6.11"}, "term_sets": {"extra": ["x"]} },
  "rules": [] }''',
    "broken_syntax.json": '{ "rules": [ { "id": "a.b", ',
    "broken_schema.json": '{ "rules": [ { "id": 7, "category": "nope" } ] }',
    "nested.json": "[" * 80 + "]" * 80,
    "comments.json": "/* c */ { // x\n \"ruleset\": { \"name\": \"n\", \"version\": \"1\" } /* unterminated",
}
for name, text in rule_seeds.items():
    (rl / name).write_text(text, encoding="utf-8")

def utf16(mode, s):
    # Byte 0 is the harness's mode byte; the rest is UTF-16LE, surrogatepass keeps lone surrogates.
    return bytes([mode]) + s.encode("utf-16-le", "surrogatepass")

check_seeds = {
    "plain": utf16(0, "Lovely lady in bed 4 today, her NHS number is 943 476 5919 and she is 94 y/o."),
    "trust2": utf16(1, "Working at Stoke Mandeville Hospital is awful, my manager is a bully. Views my own."),
    "obfuscated": utf16(0, "you are a f\u0443cking p 4 t 1 e n t, n.h.s is $h1t \uff46\uff55\uff43\uff4b"),
    "surrogates": utf16(0, "emoji \U0001F600\U0001F469\u200d\u2695\ufe0f bed 4 \ud800 lone \udc00 end"),
    "bidi_nul": utf16(0, "bed\u202e 4\u0000 ward\u2066 10 \u200bpatient\u00ad"),
    "combining": utf16(0, "pa" + "\u0301" * 200 + "tient in bay 3"),
    "contacts": utf16(2, "Call me on 07700 900123 or email jo@example.com, DOB 12/03/1954, SW1A 1AA, MRN 1234567"),
    "truncate": utf16(0x10 | 0x20, "\U0001F600" * 20 + " bed 4"),
    "capped": utf16(0x08, "bed 1 bed 2 bed 3 bed 4 bed 5 bed 6 ward 7 bay 8"),
}
for name, data in check_seeds.items():
    (ck / name).write_bytes(data)
print("seeds written:", len(rule_seeds), len(check_seeds))

# fuzz_text_view takes the same texts without fuzz_check's mode byte.
tv = here / "corpus" / "fuzz_text_view"
tv.mkdir(parents=True, exist_ok=True)
for name, data in check_seeds.items():
    (tv / name).write_bytes(data[1:])
