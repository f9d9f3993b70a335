package io.vfmigrate.adapters.store;

/** The fakes fence as the durable stores do. */
class InMemoryFencingTest extends FencingContract {
    protected String location() { throw new UnsupportedOperationException("in memory"); }

    @Override protected Store store() {
        InMemoryLeases leases = new InMemoryLeases(clock);
        return new Store(leases, new InMemoryJournal(clock, leases));
    }
}
