# Jupyter server settings for `./course lab`, which puts this folder first on JUPYTER_CONFIG_PATH
# (the user's own Jupyter config is still read; this file only adds to it).
#
# 1. A browser that gives up a kernel websocket while the kernel is still starting.
#    Opening a notebook starts the JVM kernel; the server holds the notebook's websocket request until
#    the kernel answers kernel_info, which for JJava takes 2-10 s (JShell boots, more on a busy laptop).
#    If the page is reloaded or closed in that window, the browser drops the request; tornado then calls
#    on_close(), which sets handler.connection = None, and jupyter_server 2.21.1 carries on with the
#    handshake anyway and fails in select_subprotocol:
#        AttributeError: 'NoneType' object has no attribute 'kernel_ws_protocol'   (HTTP 500)
#    (jupyter_server issue #1265; no release fixes it yet). Nothing is lost: the kernel keeps running and
#    the reloaded page connects to it. But a traceback in the terminal in the middle of a workshop looks
#    like a broken install. The guard below ends such an abandoned request quietly instead.
# 2. No news feed and no update check: a workshop room should not be asked questions or fetch the
#    internet on start-up (the matching Lab settings are in overrides.json next to this file).
from tornado import web

from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.handlers.announcements.NeverCheckForUpdate"

if not getattr(KernelWebsocketHandler, "_course_guard", False):
    _pre_get = KernelWebsocketHandler.pre_get

    async def _pre_get_or_finish(self):
        await _pre_get(self)
        if self.connection is None:  # on_close() ran while we waited: the browser is gone
            self.log.info("Kernel %s: the browser closed its websocket before the kernel was ready; "
                          "it will connect again.", self.kernel_id)
            raise web.Finish()

    KernelWebsocketHandler.pre_get = _pre_get_or_finish
    KernelWebsocketHandler._course_guard = True
