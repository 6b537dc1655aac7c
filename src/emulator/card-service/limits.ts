// Platform limits Gmail enforces on cards (google.apps.card.v1 reference; add-on quotas page).
export const MAX_WIDGETS_PER_CARD = 100;
export const MAX_SECTIONS_PER_CARD = 100;
export const MAX_SELECTION_ITEMS = 100;
