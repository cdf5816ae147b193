"""Jupyter server settings for the series: at most two notebook kernels run at a time.

Each lesson's kernel holds 250-470 MB (torch), and the "Next →" link opens the next notebook in a new
tab with a new kernel while the earlier ones keep running. mybinder.org guarantees 450 MB of memory and
restarts the session (losing the student's work) past 2 GB. So when a kernel starts and two already
run, the others are shut down, longest idle first. Two rules keep that right when many kernels start
at once (a reload restores every open tab, a hub link is clicked again, "Next" is clicked quickly):

- starts are taken one at a time (an asyncio lock), and every kernel counts, including one still
  "starting" (a restored tab's kernel, which no cell has used yet) - such kernels go first, as they
  hold no work;
- the kernel used most recently (a cell run, a slider moved) is never shut down, nor a busy one.

The notebook of a shut-down kernel stays open and saved; JupyterLab then shows "No Kernel" on it, and
running a cell there offers a new kernel (00_index, "How to use the series", tells students so).

Installed as <prefix>/etc/jupyter/jupyter_server_config.py by tools/install_settings.py (binder/postBuild,
`make env`, the conda route and a hub image). `--RecentKernelsManager.max_kernels=N` changes N.
"""
import asyncio

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Integer


class RecentKernelsManager(AsyncMappingKernelManager):
    """Keeps at most ``max_kernels`` kernels: starting one more shuts down the others, least recently used first."""

    max_kernels = Integer(2, config=True, help="Kernels kept running; 0 means no limit.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._start_lock = asyncio.Lock()
        self._started_at = {}          # kernel id -> last_activity when its start finished

    def _used(self, kid, kernel):
        """True once the kernel did something after its start (tracked messages move last_activity)."""
        started = self._started_at.get(kid)
        return started is None or kernel.last_activity > started

    def _to_shut_down(self):
        """Kernel ids to shut down so that one more fits: unused (e.g. still starting) ones first, then the
        longest idle; never a busy kernel, never the most recently used one (when max_kernels > 1)."""
        for gone in set(self._started_at) - set(self._kernels):   # shut down elsewhere (the user, culling)
            del self._started_at[gone]
        excess = len(self._kernels) + 1 - self.max_kernels
        if excess <= 0:
            return []
        kernels = list(self._kernels.items())
        used = [(kernel.last_activity, kid) for kid, kernel in kernels if self._used(kid, kernel)]
        keep = {max(used)[1]} if used and self.max_kernels > 1 else set()
        ranked = sorted((self._used(kid, kernel), kernel.last_activity, kid) for kid, kernel in kernels
                        if kid not in keep and getattr(kernel, "execution_state", "") != "busy")
        return [kid for _, _, kid in ranked[:excess]]

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs):
        if not self.max_kernels or (kernel_id is not None and kernel_id in self):
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        async with self._start_lock:   # a second start waits until this one's kernel counts
            for kid in self._to_shut_down():
                if kid not in self._kernels:   # shut down meanwhile (by the user, or culled)
                    continue
                self.log.info("Shutting down kernel %s (state %s, last active %s) to keep at most %d kernels",
                              kid, getattr(self._kernels[kid], "execution_state", "?"),
                              self._kernels[kid].last_activity, self.max_kernels)
                self._started_at.pop(kid, None)
                await self.shutdown_kernel(kid)
            new = await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
            if new in self._kernels:
                self._started_at[new] = self._kernels[new].last_activity
            return new


c = get_config()  # noqa: F821  (provided by the config loader)
c.ServerApp.kernel_manager_class = RecentKernelsManager
