using Fleet.Cli;

return await FleetApp.RunAsync(args, Console.Out, Console.Error);
