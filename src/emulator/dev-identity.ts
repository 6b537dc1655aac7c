// The emulator signs Google-style ID tokens with this key; the server trusts it only when started with --dev.
// It is public on purpose: it proves nothing outside a developer machine.
import type { JWK } from 'jose';

export const DEV_ISSUER = 'https://accounts.google.com';
/** The audience a real deployment configures as its Apps Script OAuth client id. */
export const DEV_AUDIENCE = 'mailtrail-dev.apps.googleusercontent.com';

export const DEV_PUBLIC_JWK: JWK = {
  kty: 'RSA',
  n: 'mUzBpVPUo-iuZpIXN_8HbWB7x0vXttyrTyLSNxh5n_AUDzTRt2X4kGxZuF8xSCB5PNCTDwJ4iRmPeQpIl5lc7W9g_7G9xFa6xvtmF-f6-P2VqxOaByE2gd871jdxnyB9OKUzChUuLfandT3b2vY2AM5PuqxFz_lGJKgsE-tjNqvF-3nh6ggLhpelpPpLk0_oQPfxBwI534k9ZqOxfYdv5L0cojuB3ahnqsI_Iqx0V5_PTdVbIRtaEUzAhYSTrSI1_x6xbawEhytKS-JIvUEK_QbAOn3CWXCxrzMc8izf68gXZfCdf8ktsUSj7zGcPEM94wDjCl4RWRfcfKX4vgyWDQ',
  e: 'AQAB',
  kid: 'mailtrail-dev-1',
  alg: 'RS256',
  use: 'sig',
};

export const DEV_PRIVATE_JWK: JWK = {
  kty: 'RSA',
  n: 'mUzBpVPUo-iuZpIXN_8HbWB7x0vXttyrTyLSNxh5n_AUDzTRt2X4kGxZuF8xSCB5PNCTDwJ4iRmPeQpIl5lc7W9g_7G9xFa6xvtmF-f6-P2VqxOaByE2gd871jdxnyB9OKUzChUuLfandT3b2vY2AM5PuqxFz_lGJKgsE-tjNqvF-3nh6ggLhpelpPpLk0_oQPfxBwI534k9ZqOxfYdv5L0cojuB3ahnqsI_Iqx0V5_PTdVbIRtaEUzAhYSTrSI1_x6xbawEhytKS-JIvUEK_QbAOn3CWXCxrzMc8izf68gXZfCdf8ktsUSj7zGcPEM94wDjCl4RWRfcfKX4vgyWDQ',
  e: 'AQAB',
  d: 'BS0gBGBlkTIVokJmxOeR5u6qyORCmk37ZAnFqShktVkd0q4Fy_7S9LMPGOUjj_Wcvy6k9vN7G3IAzX78S-lY4TskcaEDfdvJ2CP7_GzcvuFdJBb4DMT7BxaarO7xVLfibCVT3F0yH0lkhrzTrbvB8tpq7pKYYHkTyVmuWoiiFuHxLA1ThrOoLXd0kYuOkm3N69kzqEiT9_V2eU0VvJyCFUA4pFjjxEe6eNhuS24C0sNXTzBXTZY75hXP2S02EG_qj5hnkIbC1A6tlQsFpJ3ajQMqPBuSTRbezouuMOdyjeMugRW62cHXQCjitZ6JzzV0Z_tg0-bXRpYm52DKjkM2lw',
  p: 'xv4z0visfAdhe4p0D-SdbEneKmNxQ36tFLQr-Z29N8rxWx7ux85z62iEcbnP_2X48KCbvnq_UVcSTUsIEhm_zYaDy4hQgk3yLrQNNMeg6cN6WU5fFgxXnmNS02jN2OIWoPL4UXA1apR9nYk0Gb1aAr_0XH4I_AMdAm00rlwEfVM',
  q: 'xTd_jnWfY6NNNHUXZ5YstiYZ2DyCe_HAkHKpELKh_ATAlN-i1Gp-K76sFJ5UiyiVVcta8RjNfQMY5cIb4Y3hSr0YQl8FTiPPGcwq-dVQonX1HWtHxmeAKbnWIy1ZxMTv8f5JKDMsr4beRQ2RBEoJE9KjTA9cdIHJZb8xNWQy0x8',
  dp: 'De8M1-_7u--UXt8yA07hywxdFyDBdJVxLyryjVcDQd3fCp9e3vTQ3yIBbCkzrFGKnebRIQRdUyfCq1Ders3IxW5u2higco9crvKCnjiARv4eGhTHybZxiDCyQwVqrI4gQYLh6mnuA5mENjy-PjMpE1o3lSZqIKNjK6FT-AWPdus',
  dq: 'G3KC5S_HlBVpLFDThg4ngN5CoI6jVl6p_zCGCRXjZ3C94LpTLh74Glx6FJCIkal_RyZ7LKzYBHsG3wsp2DVn0oAIvUv-MAbZzuxUWtruUv35tDN3FMzY0HXVsKWiJbmG73YFdnvQz0kE7DVcJm2rX7_kDDTjGC_r-KYoUhb0398',
  qi: 'LWiRQL4EONFX6zYR-LrlTS3vqZsbvw_Nq5CxVcFx44nNrJnPtsU4VBRKVhKSI-bOdWTZNKHTFDk3AG6x4cLIMk88WQwY3_BPm4ohieCelv0KjUNWYh6xyEUlOzRiQcGtACXZgOlXXgehmW2FotA-hrFlkSc-PZT_TxJNDoPYQEE',
  kid: 'mailtrail-dev-1',
  alg: 'RS256',
};
