// Every feature changes streams through the kernel and reads the model.
global using PawfectLive.Streams.Kernel;
global using PawfectLive.Streams.Model;
