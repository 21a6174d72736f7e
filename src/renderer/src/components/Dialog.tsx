/**
 * Every modal of the app: Mantine's Modal with the app's messages shown
 * inside it (notifications never float over an open dialog), closed by
 * Escape only when it is the innermost dialog (escape-stack.ts).
 */
import { Modal, type ModalProps } from '@mantine/core';
import { useCloseOnEscape, useReturnFocusOnUnmount } from './escape-stack';
import { DialogMessages } from './Feedback';

export function Dialog({ children, closeOnEscape = true, ...props }: ModalProps) {
  useCloseOnEscape(props.onClose, props.opened && closeOnEscape);
  useReturnFocusOnUnmount();
  return (
    <Modal {...props} closeOnEscape={false}>
      {children}
      <DialogMessages />
    </Modal>
  );
}
