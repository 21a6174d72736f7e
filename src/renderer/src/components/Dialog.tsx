/**
 * Every modal of the app: Mantine's Modal with the app's messages shown
 * inside it (notifications never float over an open dialog).
 */
import { Modal, type ModalProps } from '@mantine/core';
import { DialogMessages } from './Feedback';

export function Dialog({ children, ...props }: ModalProps) {
  return (
    <Modal {...props}>
      {children}
      <DialogMessages />
    </Modal>
  );
}
