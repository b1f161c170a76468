// fleet-ec2-emulator: serves the EC2 Query API on http://127.0.0.1:4566/ (see README.md).
return await Fleet.Ec2.Emulator.EmulatorCommandLine.RunAsync(args);
