/// A module with the two kinds of site a baseline holds, for the built-in codemod: a call phase 2
/// rewrites and one it reports (`user_id=`), used by the unit and the command-line tests.
public enum BaselineFixture {
  public static let path = "netra_backend/app/routes/ws.py"
  public static let factoryImport = "from netra_backend.app.websocket_core.websocket_manager_factory import create_websocket_manager\n"
  /// Line 5: `manager = await create_websocket_manager(ctx)`; line 10: the `user_id=` call.
  public static let handlers = factoryImport + """


    async def connect(ctx):
        manager = await create_websocket_manager(ctx)
        return manager


    async def notify(ctx, text):
        manager = await create_websocket_manager(ctx, user_id=ctx.user_id)
        await manager.send(text)

    """
  /// `handlers` plus this holds a second `manager = await create_websocket_manager(ctx)`, on
  /// line 15.
  public static let secondCall = """


    async def reconnect(ctx):
        manager = await create_websocket_manager(ctx)
        return manager

    """
}
