"""Jupyter server settings for the series: at most two notebook kernels run at a time.

Each lesson's kernel holds 250-470 MB (torch), and the "Next →" link opens the next notebook in a new
tab with a new kernel while the earlier ones keep running. Binder guarantees 1 GB and restarts the
session (losing the student's work) past 2 GB. So when a third kernel starts, the kernel that has been
idle longest is shut down. Its notebook stays open and saved; JupyterLab then shows "No Kernel" on it,
and running a cell there offers a new kernel. A busy kernel is never shut down.

Installed as <prefix>/etc/jupyter/jupyter_server_config.py by binder/postBuild and `make lab`; a hub
image gets it the same way (README, "JupyterHub"). `--RecentKernelsManager.max_kernels=N` changes N.
"""
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Integer


class RecentKernelsManager(AsyncMappingKernelManager):
    """Keeps at most ``max_kernels`` kernels: starting one more shuts down the longest-idle one first."""

    max_kernels = Integer(2, config=True, help="Kernels kept running; 0 means no limit.")

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs):
        if self.max_kernels and (kernel_id is None or kernel_id not in self):
            idle = sorted((kernel.last_activity, kid) for kid, kernel in self._kernels.items()
                          if getattr(kernel, "execution_state", "") == "idle")
            for last_activity, kid in idle[: max(0, len(self._kernels) + 1 - self.max_kernels)]:
                self.log.info("Shutting down kernel %s (idle since %s) to keep at most %d kernels",
                              kid, last_activity, self.max_kernels)
                await self.shutdown_kernel(kid)
        return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)


c = get_config()  # noqa: F821  (provided by the config loader)
c.ServerApp.kernel_manager_class = RecentKernelsManager
