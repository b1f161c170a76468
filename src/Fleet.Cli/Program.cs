using Fleet.Cli;

using var termination = new Termination();
return await FleetApp.RunAsync(args, Console.Out, Console.Error, termination.Token);
