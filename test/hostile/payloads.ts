// What an attacker types into a name or a subject: SQL meant to escape its quotes, and markup meant to run in a
// browser. Each test checks that it is kept and shown as the text it is.
export const SQL_PAYLOADS = [
  "' OR 1=1 --",
  '"; DROP TABLE contacts; --',
  "'); DELETE FROM crm_objects; --",
  "1' UNION SELECT key_hash, 1 FROM api_keys --",
  "\\'; SELECT pg_sleep(0); --",
  "%' OR '%'='",
  '$1 $2',
  "'||(SELECT email FROM users LIMIT 1)||'",
];
export const SCRIPT_PAYLOADS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=2">',
  'javascript:window.__pwned=3',
  '"><svg onload=window.__pwned=4>',
  "{{constructor.constructor('window.__pwned=5')()}}",
  '${window.__pwned=6}',
];
