import { Button } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../lib/api/client';
import { useT } from '../../lib/i18n';
import { useEndSession } from '../../lib/session';
import { paths } from '../paths';

export function LogoutButton() {
  const t = useT();
  const navigate = useNavigate();
  const endSession = useEndSession();
  const logout = useMutation({
    mutationFn: () => unwrap(api.POST('/api/auth/logout')),
    // Even when the server cannot be reached, this computer must forget the user (shared school PCs).
    onSettled: () => {
      endSession();
      navigate(paths.login, { replace: true });
    },
  });
  return (
    <Button variant="default" size="sm" onClick={() => logout.mutate()} loading={logout.isPending}>
      {t('shell.logout')}
    </Button>
  );
}
