import type { ComponentChildren } from 'preact';
import { strings } from '../i18n';

/** A modal question with a destructive confirm button; the caller decides what happens on each answer. */
export function ConfirmDialog(props: {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div class="modal-backdrop" onClick={props.onCancel}>
      <div class="modal" role="dialog" aria-modal="true" aria-label={props.title} onClick={(e) => e.stopPropagation()}>
        <h3>{props.title}</h3>
        <div>{props.children}</div>
        <div class="modal-actions">
          <button onClick={props.onCancel}>{strings().cancel}</button>
          <button class="danger" onClick={props.onConfirm}>
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}

export function Modal(props: { title: string; children: ComponentChildren; onClose: () => void }) {
  return (
    <div class="modal-backdrop" onClick={props.onClose}>
      <div
        class="modal wide"
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        onClick={(e) => e.stopPropagation()}
      >
        <h3>{props.title}</h3>
        {props.children}
      </div>
    </div>
  );
}
