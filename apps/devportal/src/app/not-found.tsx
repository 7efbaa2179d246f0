export default function NotFound() {
  return (
    <section className="mx-auto mt-16 max-w-md rounded-xl border border-slate-200 bg-white p-8 text-center">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-slate-600">
        There is nothing at this address, or it is not shared with your account.
      </p>
      <a href="/" className="mt-6 inline-block text-sm font-medium text-brand-700 underline">
        Back to the API catalog
      </a>
    </section>
  );
}
